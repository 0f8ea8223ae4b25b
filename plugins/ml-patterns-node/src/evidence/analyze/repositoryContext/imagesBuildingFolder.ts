import {
  DependencyManifestFacts,
  DockerfileFacts,
  EvidenceProblem,
  ModelServerConfigFacts,
} from '../../types';
import { parseDockerfile } from '../dockerfile';
import { DockerImageAnalysis } from '../docker/DockerImageAnalysis';
import {
  isDependencyManifest,
  parseDependencyManifest,
} from '../dependencies/manifestParsers';
import { isDockerfile } from '../fileKinds';
import { ModelFileIndex } from '../modelFiles';
import { baseName, dirName, FileTree, isUnder } from '../paths';
import { ContextReading } from './contextReading';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Does a Dockerfile outside the folder build it? It does when a stage that
 * ends up in the image copies the folder (or something in it) or a named
 * folder above it from its build context, or copies the whole context
 * (`COPY . .`) and then runs, installs or starts something from the
 * folder's path.
 */
function buildsScope(
  analysis: DockerImageAnalysis,
  scope: string,
): { line: number } | undefined {
  let commands: string | undefined;
  for (const copied of analysis.copiedRepoPaths()) {
    if (isUnder(copied.path, scope)) return copied;
    if (!isUnder(scope, copied.path)) continue;
    // A named folder holding the folder (`COPY ./runtimes ./runtimes`)
    // brings it in on purpose; the whole context (`COPY . .`) does so only
    // when the image then does something with the folder.
    if (copied.path !== analysis.buildContext) return copied;
    const inside = copied.path ? scope.slice(copied.path.length + 1) : scope;
    commands ??= analysis.commandsText();
    const mention = new RegExp(
      `(^|[\\s/"'=:,])(\\./)?${escapeRegExp(inside)}(/|[\\s"',;:]|$)`,
      'm',
    );
    const moduleName = inside.replace(/\//g, '.');
    const asModule = new RegExp(
      `(^|\\s)-m\\s+${escapeRegExp(moduleName)}(\\.|\\s|$)`,
      'm',
    );
    if (mention.test(commands) || asModule.test(commands)) return copied;
  }
  return undefined;
}

/**
 * Is the folder what the image runs? Its start-up command (or the script
 * it starts) points into the folder, or names it as a path or module
 * (`python -m sklearnserver`, `gunicorn src.app:app`). An image without a
 * command of its own is taken to run what it was built from.
 */
function runsScope(analysis: DockerImageAnalysis, scope: string): boolean {
  const start = analysis.startCommand();
  if (!start) return true;
  if (start.repoPaths.some(p => isUnder(p, scope))) return true;
  const name = escapeRegExp(baseName(scope));
  return new RegExp(`(^|[\\s/"'=:,])${name}([./:\\s"',]|$)`, 'm').test(
    start.text,
  );
}

/** What the Dockerfiles outside a scored folder that build it add to its evidence. */
export interface ImagesBuildingFolder {
  /** Their facts, paths relative to the repository root. */
  dockerfiles: DockerfileFacts[];
  /** Servers their start commands start on models, paths relative to the folder. */
  startedServers: ModelServerConfigFacts[];
  /** Manifests above the folder (or inline in a Dockerfile) that they install. */
  manifests: DependencyManifestFacts[];
  /** Folders above the scope holding a Dockerfile that builds and runs it. */
  projectFolders: Set<string>;
}

/**
 * Dockerfiles elsewhere in the repository that build the folder, analyzed
 * in the whole tree. `knownManifests` are the manifests already in the
 * folder's evidence (repository paths).
 */
export function imagesBuildingFolder(
  reading: ContextReading,
  tree: FileTree,
  models: ModelFileIndex,
  knownManifests: DependencyManifestFacts[],
): ImagesBuildingFolder {
  const { scope, outside, textOf, reroot, guarded, problems } = reading;
  const added: DockerfileFacts[] = [];
  const startedServers: ModelServerConfigFacts[] = [];
  const addedManifests: DependencyManifestFacts[] = [];
  const projectFolders = new Set<string>();
  for (const repoPath of outside) {
    if (!isDockerfile(repoPath)) continue;
    guarded(repoPath, () => {
      const text = textOf(repoPath);
      if (text === undefined) return;
      const parsed = parseDockerfile(repoPath, text, []);
      if (!parsed) return;
      const analysis = new DockerImageAnalysis(repoPath, parsed, {
        tree,
        models,
        textOf,
      });
      if (!buildsScope(analysis, scope)) return;
      const inline: DependencyManifestFacts[] = [];
      const facts = analysis.facts(inline);
      if (runsScope(analysis, scope)) {
        added.push(facts);
        const served = analysis.servedModelFacts();
        if (served)
          startedServers.push({
            ...served,
            path: reroot(served.path),
            models: served.models.map(m => ({ ...m, path: reroot(m.path) })),
          });
        const folder = dirName(repoPath);
        if (folder !== scope && isUnder(scope, folder))
          projectFolders.add(folder);
        addedManifests.push(...inline);
        // Manifests above the folder that this image installs.
        for (const installed of facts.installsManifests) {
          const target = installed.path;
          if (
            isUnder(target, scope) ||
            !isDependencyManifest(target) ||
            knownManifests.some(m => m.path === target) ||
            addedManifests.some(m => m.path === target)
          )
            continue;
          const manifestText = textOf(target);
          const parseProblems: EvidenceProblem[] = [];
          const manifest =
            manifestText === undefined
              ? undefined
              : parseDependencyManifest(target, manifestText, parseProblems);
          problems.push(
            ...parseProblems.map(p => ({ ...p, path: reroot(p.path) })),
          );
          if (manifest) addedManifests.push(manifest);
        }
      } else {
        // An image bundling the folder beside what it runs (predictiveserver
        // copying sklearnserver): it defines an environment for the folder,
        // but its models and installs are those of the image's own server.
        added.push({
          ...facts,
          modelsIntoImage: [],
          installsManifests: [],
          startupDownloads: [],
        });
      }
    });
  }
  return {
    dockerfiles: added,
    startedServers,
    manifests: addedManifests,
    projectFolders,
  };
}
