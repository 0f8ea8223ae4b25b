import { LoggerService, UrlReaderService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { isError, NotAllowedError, stringifyError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import {
  EntityRole,
  INPUT_ANNOTATIONS,
  ScopeConfig,
} from '@ml-patterns/plugin-ml-patterns-common';
import {
  builtInRules,
  evaluateEntity,
  MlPatternsRule,
  readEvidenceReaderSettings,
  readMlPatternsConfig,
  RelatedFacts,
  RepositoryEvidenceReader,
  resolveRole,
  unavailableEvidence,
} from '@ml-patterns/plugin-ml-patterns-node';
import {
  standInFor,
  standInName,
} from '@ml-patterns/plugin-ml-patterns-node/alpha';
import { Command, CommanderError, Option } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  belowCoverage,
  belowThreshold,
  parseFailUnder,
  parseMinCoverage,
} from './failUnder';
import { CLI_PACKAGE } from './cliPackage';
import { formatChecklist } from './formatChecklist';
import { loadEntityDocuments } from './loadEntityDocuments';
import { messageOf } from './messageOf';
import {
  dependsOnRefs,
  relatedFactsFromDocuments,
} from './relatedFactsFromDocuments';
import { descriptorLines } from './sarif/descriptorLines';
import { formatSarif } from './sarif/formatSarif';
import { UsageError } from './UsageError';

/** Where the CLI writes; tests pass their own. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** What `score` prints. */
const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

interface ScoreOptions {
  entity?: string;
  owner?: string;
  role?: string;
  json?: boolean;
  format: Format;
  failUnder?: string;
  minCoverage?: string;
  config?: string;
}

const SCORED_ROLES: EntityRole[] = ['model', 'serving-unit', 'repository'];

const silentLogger: LoggerService = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  child() {
    return silentLogger;
  },
};

/**
 * Folders whose read content totals at most this much are analysed in the
 * CLI's own thread: its event loop has nothing else to do, and handing a
 * small analysis to a worker thread and back costs more than the analysis.
 * Larger trees keep the worker and its time limit.
 */
const IN_THREAD_ANALYSIS_BYTES = 128 * 1024;

/** The CLI reads local folders only. */
const noRemoteReader: UrlReaderService = {
  async readUrl() {
    throw new NotAllowedError('the ml-patterns CLI reads local folders only');
  },
  async readTree() {
    throw new NotAllowedError('the ml-patterns CLI reads local folders only');
  },
  async search() {
    throw new NotAllowedError('the ml-patterns CLI reads local folders only');
  },
};

/**
 * What does not change from one call to the next, built once per process:
 * a script scoring many folders in one process (the accuracy corpus) calls
 * {@link main} for each.
 */
let defaults:
  | {
      config: ConfigReader;
      mlConfig: ReturnType<typeof readMlPatternsConfig>;
      readerSettings: ReturnType<typeof readEvidenceReaderSettings>;
      integrations: ScmIntegrations;
    }
  | undefined;

function processDefaults(): NonNullable<typeof defaults> {
  if (!defaults) {
    const config = new ConfigReader({});
    defaults = {
      config,
      mlConfig: readMlPatternsConfig(config),
      readerSettings: readEvidenceReaderSettings(config),
      // The CLI reads local folders only: no integration is configured.
      integrations: ScmIntegrations.fromConfig(config),
    };
  }
  return defaults;
}

function loadConfigFile(file: string | undefined): ConfigReader {
  if (!file) {
    return processDefaults().config;
  }
  let data: unknown;
  try {
    data = parseYaml(fs.readFileSync(file, 'utf8'), { maxAliasCount: 100 });
  } catch (error) {
    throw new UsageError(
      `cannot read config file ${file}: ${messageOf(error)}`,
    );
  }
  return new ConfigReader(
    (data && typeof data === 'object' ? data : {}) as Record<string, any>,
    file,
  );
}

/** `--json` is `--format json`; it cannot be combined with another format. */
function outputFormat(options: ScoreOptions): Format {
  if (options.json && options.format !== 'text' && options.format !== 'json') {
    throw new UsageError(
      `--json and --format ${options.format} ask for two formats; pass one`,
    );
  }
  return options.json ? 'json' : options.format;
}

function parseRole(value: string | undefined): EntityRole | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!(SCORED_ROLES as string[]).includes(value)) {
    throw new UsageError(
      `--role must be one of ${SCORED_ROLES.join(', ')}, got "${value}"`,
    );
  }
  return value as EntityRole;
}

/** The nearest folder at or above `dir` holding a `.git` entry. */
function gitRootOf(dir: string): string | undefined {
  for (let current = dir; ; current = path.dirname(current)) {
    if (fs.existsSync(path.join(current, '.git'))) {
      return current;
    }
    if (path.dirname(current) === current) {
      return undefined;
    }
  }
}

/** The folder to read: the scored folder, or its ml-patterns.io/source-path subfolder. */
function sourceFolder(root: string, entity: Entity | undefined): string {
  const sub = entity?.metadata.annotations?.[INPUT_ANNOTATIONS.sourcePath];
  if (!sub) {
    return root;
  }
  const target = path.resolve(root, sub);
  const relative = path.relative(root, target);
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new UsageError(
      `${INPUT_ANNOTATIONS.sourcePath} "${sub}" points outside ${root}`,
    );
  }
  return target;
}

/**
 * Roles of the descriptor's entities. `depends-on-ml` scope entries are
 * decided from the other documents: an entity depends on ML when one of
 * its dependsOn targets in the file is a model or a dataset.
 */
function documentRoles(
  documents: Entity[],
  scope: ScopeConfig,
): (entity: Entity) => EntityRole | undefined {
  const byRef = new Map(
    documents.map(doc => [
      stringifyEntityRef(doc).toLocaleLowerCase('en-US'),
      doc,
    ]),
  );
  const plainRole = (entity: Entity) =>
    resolveRole(entity, scope, { dependsOnMl: false });
  return entity => {
    const dependsOnMl = dependsOnRefs(entity).some(ref => {
      const target = byRef.get(ref);
      const role = target && plainRole(target);
      return role === 'model' || role === 'dataset';
    });
    return resolveRole(entity, scope, { dependsOnMl });
  };
}

async function score(
  dir: string,
  options: ScoreOptions,
  io: CliIo,
): Promise<number> {
  const root = path.resolve(dir);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
    throw new UsageError(`${dir} is not a folder`);
  }
  const forcedRole = parseRole(options.role);
  const format = outputFormat(options);
  const threshold =
    options.failUnder !== undefined
      ? parseFailUnder(options.failUnder)
      : undefined;
  const minCoverage =
    options.minCoverage !== undefined
      ? parseMinCoverage(options.minCoverage)
      : undefined;
  const config = loadConfigFile(options.config);
  const shared = processDefaults();
  const mlConfig =
    config === shared.config ? shared.mlConfig : readMlPatternsConfig(config);

  const defaultDescriptor = path.join(root, 'catalog-info.yaml');
  let entityFile: string | undefined;
  if (options.entity) {
    entityFile = path.resolve(options.entity);
  } else if (fs.existsSync(defaultDescriptor)) {
    entityFile = defaultDescriptor;
  }
  const documents = entityFile ? await loadEntityDocuments(entityFile) : [];
  if (entityFile && documents.length === 0) {
    throw new UsageError(`${entityFile} holds no catalog entity`);
  }
  const roleOf = documentRoles(documents, mlConfig.scope);

  let scored: Entity | undefined;
  let role: EntityRole | undefined;
  if (documents.length > 0) {
    scored = documents.find(doc =>
      SCORED_ROLES.includes(roleOf(doc) as EntityRole),
    );
    if (!scored && forcedRole) {
      scored = documents[0];
    }
    if (!scored) {
      const seen = documents
        .map(doc => `${doc.kind}/${(doc.spec as any)?.type ?? '-'}`)
        .join(', ');
      throw new UsageError(
        `no entity in ${entityFile} is in ml-patterns' scope (found ${seen}); pass --role or set the ${INPUT_ANNOTATIONS.scope} annotation`,
      );
    }
    role = forcedRole ?? (roleOf(scored) as EntityRole);
    if (!scored.metadata.annotations?.['backstage.io/managed-by-location']) {
      scored = {
        ...scored,
        metadata: {
          ...scored.metadata,
          annotations: {
            ...scored.metadata.annotations,
            'backstage.io/managed-by-location': `file:${entityFile}`,
          },
        },
      };
    }
  }

  // A folder inside a git checkout is read with the repository around it
  // (root CODEOWNERS, CI, Dockerfiles building it), up to the checkout root.
  const gitRoot = gitRootOf(root);
  const settings = {
    ...(config === shared.config
      ? shared.readerSettings
      : readEvidenceReaderSettings(config)),
    localRoots: [gitRoot ?? root],
  };
  const reader = new RepositoryEvidenceReader({
    reader: noRemoteReader,
    logger: silentLogger,
    settings,
    integrations: shared.integrations,
    analyzeInThreadUpToBytes: IN_THREAD_ANALYSIS_BYTES,
  });
  const folder = sourceFolder(root, scored);
  const result = await reader.read({
    type: 'dir',
    target: folder,
    repositoryRoot: gitRoot ?? root,
  });
  const evidence = result.notModified
    ? unavailableEvidence('unexpected not-modified answer', `dir:${folder}`)
    : result.evidence;

  let rules: ReadonlyArray<MlPatternsRule> = builtInRules;
  let related: RelatedFacts;
  if (!scored) {
    // A folder alone does not say who owns it.
    const standIn = standInFor({
      name: standInName(path.basename(root)),
      sourceLocation: `dir:${root}`,
      evidence,
      role: forcedRole,
      owner: options.owner,
      rules,
      noOwnerMessage:
        'No catalog descriptor names the owner; pass --entity or --owner to check it.',
    });
    ({ entity: scored, role, rules, related } = standIn);
  } else if (options.owner) {
    throw new UsageError(
      '--owner is only for folders without a catalog descriptor; the descriptor names the owner',
    );
  } else {
    related = relatedFactsFromDocuments(
      scored,
      documents,
      roleOf,
      path.basename(entityFile!),
    );
  }

  const report = evaluateEntity(
    { entity: scored, role: role!, related, evidence },
    rules,
    mlConfig.engine,
  );

  if (format === 'json') {
    io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else if (format === 'sarif') {
    const descriptorFile = entityFile ?? defaultDescriptor;
    const sarif = formatSarif({
      report,
      rules,
      builtInRuleIds: new Set(builtInRules.map(rule => rule.id)),
      weights: mlConfig.engine.weights,
      repositoryRoot: gitRoot ?? root,
      sourceFolder: folder,
      descriptor: {
        file: descriptorFile,
        lines: entityFile
          ? descriptorLines(fs.readFileSync(entityFile, 'utf8'), scored)
          : { field: () => undefined },
      },
      tool: {
        version: CLI_PACKAGE.version,
        informationUri: CLI_PACKAGE.homepage,
      },
    });
    io.stdout.write(`${JSON.stringify(sarif, null, 2)}\n`);
  } else {
    io.stdout.write(formatChecklist(report, [...rules]));
  }
  const failures = [
    threshold && {
      option: `--fail-under ${options.failUnder}`,
      why: belowThreshold(report, threshold),
    },
    minCoverage !== undefined && {
      option: `--min-coverage ${options.minCoverage}`,
      why: belowCoverage(report, minCoverage),
    },
  ].filter(gate => gate && gate.why) as Array<{ option: string; why: string }>;
  for (const { option, why } of failures) {
    io.stderr.write(
      `ml-patterns: ${stringifyEntityRef(scored)} fails ${option}: ${why}\n`,
    );
  }
  return failures.length > 0 ? 1 : 0;
}

/**
 * The `ml-patterns` command line: `ml-patterns score <dir> [--entity file]
 * [--role model|serving-unit|repository] [--format text|json|sarif]
 * [--fail-under B|70] [--min-coverage 0.8]`. Resolves to the exit code: 0, 1 when under
 * `--fail-under` or `--min-coverage` (or not scored at all), 2 on usage
 * errors, 3 on internal errors.
 *
 * @public
 */
export async function main(
  argv: string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  let exitCode = 0;
  const program = new Command('ml-patterns')
    .description(
      'Scores ML repositories against the All-in-one and Only-me anti-patterns and the Model-load / Model-in-image release patterns.',
    )
    .version(CLI_PACKAGE.version)
    .exitOverride()
    .configureOutput({
      writeOut: text => io.stdout.write(text),
      writeErr: text => io.stderr.write(text),
    });
  program
    .command('score')
    .description('Score a local repository folder and print the checklist')
    .argument('<dir>', 'the folder to score (the root of what is read)')
    .option(
      '--entity <file>',
      'catalog descriptor holding the entity to score (default: <dir>/catalog-info.yaml when present)',
    )
    .option(
      '--role <role>',
      'score as model, serving-unit or repository (default: from the entity, or guessed from the folder)',
    )
    .option(
      '--owner <entity-ref>',
      'owner of a folder that has no catalog descriptor, e.g. group:default/ml-team',
    )
    .addOption(
      new Option(
        '--format <format>',
        'text (a checklist), json (the report) or sarif (SARIF 2.1.0 for code scanning)',
      )
        .choices(FORMATS)
        .default('text'),
    )
    .option('--json', 'print the report as JSON (--format json)')
    .option(
      '--fail-under <threshold>',
      'exit 1 when the grade is worse than this grade (A–F) or the score is under this number',
    )
    .option(
      '--min-coverage <share>',
      'exit 1 when fewer checks than this share (0–1, or 80%) could be verified, or the repository could not be read',
    )
    .option(
      '--config <file>',
      'YAML file with an mlPatterns section (rules, gradeBands, scope, evidence caps)',
    )
    .exitOverride()
    .action(async (dir: string, options: ScoreOptions) => {
      exitCode = await score(dir, options, io);
    });

  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version'
        ? 0
        : 2;
    }
    if (error instanceof UsageError) {
      io.stderr.write(`ml-patterns: ${error.message}\n`);
      return 2;
    }
    io.stderr.write(
      `ml-patterns: internal error: ${
        isError(error) && error.stack ? error.stack : stringifyError(error)
      }\n`,
    );
    return 3;
  }
}
