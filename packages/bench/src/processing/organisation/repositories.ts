import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { githubTarball } from '../../shared/githubTarball';
import { REPO_COUNT } from '../options';

/** The example repositories of this project, copied into the generated ones. */
const EXAMPLE_REPOSITORIES = resolvePackagePath(
  '@ml-patterns/bench',
  '../../examples/repositories',
);
const SERVING_TEMPLATES = [
  'recsys-serving',
  'image-classifier-server',
  'object-detector-server',
  'search-ranking',
];
const TRAINING_TEMPLATES = [
  'recsys-training',
  'vision-training',
  'pricing-notebooks',
];
export const ORG = 'bench-org';

type Files = Array<[string, Buffer]>;

function listFiles(root: string, dir = ''): Files {
  const out: Files = [];
  for (const entry of fs.readdirSync(path.join(root, dir), {
    withFileTypes: true,
  })) {
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      out.push(...listFiles(root, rel));
    } else if (entry.name !== 'catalog-info.yaml') {
      out.push([rel, fs.readFileSync(path.join(root, rel))]);
    }
  }
  return out;
}

/** Ordinary files around the ML ones: modules, tests, docs (20–140 files). */
function padding(index: number, packageName: string): Files {
  const out: Files = [];
  const count = 20 + ((index * 37) % 121);
  for (let i = 0; i < count; i++) {
    switch (i % 4) {
      case 0:
        out.push([
          `docs/page_${i}.md`,
          Buffer.from(`# Page ${i}\n\nHow ${packageName} works, part ${i}.\n`),
        ]);
        break;
      case 1:
        out.push([
          `tests/test_module_${i}.py`,
          Buffer.from(
            `from ${packageName}.module_${
              i - 1
            } import handle\n\n\ndef test_handle():\n    assert handle({}) == {}\n`,
          ),
        ]);
        break;
      default:
        out.push([
          `${packageName}/module_${i}.py`,
          Buffer.from(
            `"""Module ${i}."""\nimport logging\n\nlog = logging.getLogger(__name__)\n\n\ndef handle(payload):\n    log.debug("handling %s", payload)\n    return payload\n`,
          ),
        ]);
    }
  }
  return out;
}

export interface Repository {
  name: string;
  sha: string;
  tarball: Buffer;
  files: number;
}

/**
 * The organisation's repositories: copies of the example serving and
 * training repositories, padded with ordinary files, as GitHub archives.
 * `version` 2 is a push to every repository: another commit, each built
 * from the next template (other files, other verdicts).
 */
export function generateRepositories(
  options: { count?: number; version?: 1 | 2 } = {},
): {
  serving: Repository[];
  training: Repository[];
} {
  const { count = REPO_COUNT, version = 1 } = options;
  const templates = new Map<string, Files>();
  for (const name of [...SERVING_TEMPLATES, ...TRAINING_TEMPLATES]) {
    templates.set(name, listFiles(path.join(EXAMPLE_REPOSITORIES, name)));
  }
  const make = (kind: 'serving' | 'training', i: number): Repository => {
    const list = kind === 'serving' ? SERVING_TEMPLATES : TRAINING_TEMPLATES;
    const name = `${kind}-${String(i).padStart(3, '0')}`;
    const sha = createHash('sha1')
      .update(version === 1 ? name : `${name}@v${version}`)
      .digest('hex');
    const files = [
      ...templates.get(list[(i + version - 1) % list.length])!,
      ...padding(i, `${kind}_lib`),
    ];
    return {
      name,
      sha,
      files: files.length,
      tarball: githubTarball(`${ORG}-${name}-${sha.slice(0, 7)}`, sha, files),
    };
  };
  const servingCount = Math.ceil(count / 2);
  return {
    serving: Array.from({ length: servingCount }, (_, i) => make('serving', i)),
    training: Array.from({ length: count - servingCount }, (_, i) =>
      make('training', i),
    ),
  };
}
