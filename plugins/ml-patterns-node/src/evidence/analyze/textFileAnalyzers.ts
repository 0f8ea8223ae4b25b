import { EvidenceProblem, RepositoryEvidence } from '../types';
import { addAzurePipeline } from './ci/azurePipelines';
import { analyzeCodeowners, analyzeProwOwners } from './codeReview';
import { analyzeCompose, looksLikeCompose } from './compose';
import { composeModelMounts } from './composeModelMounts';
import { yamlDataReferences } from './dataReferences';
import { condaEnvironmentLine } from './dependencies/condaEnvironmentContent';
import { flyMachines, isFlyConfig } from './context/flyMachines';
import {
  isDependencyManifest,
  parseDependencyManifest,
} from './dependencies/manifestParsers';
import {
  ciKind,
  isCodeowners,
  isComposeFile,
  isProwOwners,
  isPythonFile,
  isYaml,
} from './fileKinds';
import { analyzeKubernetesYaml, KubernetesFacts } from './kubernetes';
import { readTemplateBranches } from './kubernetes/helmTemplates';
import { parseCondaEnvironment } from './pythonManifests';
import {
  compiledRequirementsLockfile,
  isRequirementsFile,
} from './requirements';
import { ParsedYaml, parseYamlDocuments } from './yamlDocuments';

/** Where the facts of a folder's text files go. */
export interface TextFileFacts {
  evidence: RepositoryEvidence;
  /** Kubernetes objects, joined up once every file is read. */
  kubernetes: KubernetesFacts;
  problems: EvidenceProblem[];
}

/**
 * What a file's text is read for, by file kind: the first kind matching
 * a path decides. Files of other kinds are read by the analyses that
 * need them (Dockerfiles, model-server configuration, Markdown, …).
 */
const TEXT_FILE_KINDS: Array<{
  matches(path: string): boolean;
  read(
    path: string,
    text: string,
    into: TextFileFacts,
    textOf: (path: string) => string | undefined,
  ): void;
}> = [
  {
    matches: isDependencyManifest,
    read(path, text, { evidence, problems }) {
      const manifest = parseDependencyManifest(path, text, problems);
      if (manifest) evidence.dependencyManifests.push(manifest);
      // A requirements file compiled by pip-compile or uv pins like a lockfile.
      const compiled = isRequirementsFile(path)
        ? compiledRequirementsLockfile(path, text)
        : undefined;
      if (compiled) evidence.lockfiles.push(compiled);
    },
  },
  {
    matches: isFlyConfig,
    read(path, text, { evidence, problems }, textOf) {
      evidence.workloads.push(...flyMachines(path, text, textOf, problems));
    },
  },
  {
    // Decoded in path order (for its problems); model loads are read for
    // the whole project at once (PythonEvidence).
    matches: isPythonFile,
    read() {},
  },
  {
    matches: isCodeowners,
    read(path, text, { evidence, problems }) {
      const review = analyzeCodeowners(path, text, problems);
      if (review) evidence.codeReview.push(review);
    },
  },
  {
    matches: isProwOwners,
    read(path, text, { evidence, problems }) {
      const parsed = parseYamlDocuments(path, text, problems);
      const review = analyzeProwOwners(path, parsed, problems);
      if (review) evidence.codeReview.push(review);
    },
  },
  {
    // Workflows are CI (their path alone); other GitHub configuration is no deployment.
    matches: path => isYaml(path) && path.startsWith('.github/'),
    read() {},
  },
  {
    matches: path => isYaml(path) && isComposeFile(path),
    read(path, text, { evidence, problems }) {
      const parsed = parseYamlDocuments(path, text, problems);
      evidence.workloads.push(...analyzeCompose(path, parsed));
      addComposeModelMounts(evidence, path, parsed);
    },
  },
  {
    matches: isYaml,
    read(path, text, { evidence, kubernetes, problems }, textOf) {
      // A template's if/else branches are alternatives: the one a default render takes is read.
      const template = readTemplateBranches(path, text, textOf);
      const parsed = parseYamlDocuments(path, template.text, problems);
      // Conda environments and Azure pipelines go by any name: told by content.
      const condaLine = condaEnvironmentLine(parsed);
      if (condaLine !== undefined) {
        const manifest = parseCondaEnvironment(path, text, problems);
        if (manifest)
          evidence.dependencyManifests.push({ ...manifest, line: condaLine });
        return;
      }
      if (!ciKind(path) && addAzurePipeline(evidence, path, parsed)) return;
      if (looksLikeCompose(parsed)) {
        evidence.workloads.push(...analyzeCompose(path, parsed));
        addComposeModelMounts(evidence, path, parsed);
        return;
      }
      analyzeKubernetesYaml(path, parsed, kubernetes, template);
      evidence.dataReferences.push(...yamlDataReferences(path, parsed));
    },
  },
];

/** Reads one text file of the folder by its kind; `textOf` decodes it (once). */
export function readTextFile(
  path: string,
  textOf: (path: string) => string | undefined,
  into: TextFileFacts,
): void {
  const kind = TEXT_FILE_KINDS.find(k => k.matches(path));
  if (!kind) return;
  const text = textOf(path);
  if (text !== undefined) kind.read(path, text, into, textOf);
}

function addComposeModelMounts(
  evidence: RepositoryEvidence,
  path: string,
  parsed: ParsedYaml,
) {
  const mounted = composeModelMounts(path, parsed);
  if (mounted.length > 0)
    evidence.modelsMountedAtStart = [
      ...(evidence.modelsMountedAtStart ?? []),
      ...mounted,
    ];
}
