import { ArtifactLoad, siteOf } from './artifactLoads';
import { PythonProject } from './pythonProject';
import { alternativeImports, armImportOf } from './armImportedModules';

/** A load from a model hub that a script runs, through the modules it imports. */
export interface ScriptHubLoad {
  /** Where the load is named (the module and line of the outermost call passing the id in). */
  path: string;
  line: number;
  /** The loading call, e.g. `faster_whisper.download_model`. */
  call: string;
  /** Hub ids written as literals where the load is named. */
  ids: string[];
}

/**
 * The hub loads that run when `python <script>` runs: every call on the
 * load's way is in the script or a project module it imports (a
 * `__main__` block only in the script itself). A Dockerfile running such
 * a script during the build (`RUN python preload.py`) fills the image's
 * hub cache with what these loads fetch. A hub library given only paths
 * that are not hub ids (`isHubId`: a folder of the repository, such as
 * tokenizer files shipped beside a vendored package) reads those files
 * and fetches nothing.
 */
export function scriptHubLoads(
  project: PythonProject,
  loads: ReadonlyArray<ArtifactLoad>,
  script: string,
  isHubId: (id: string, modulePath: string) => boolean,
): ScriptHubLoad[] {
  const modules = project.reachableFrom([script]);
  if (modules.size === 0) return [];
  return withoutChosenIds(
    project,
    modules,
    hubLoadsIn(modules, loads, script, isHubId),
  );
}

/** Most loads compared pairwise for alternatives. */
const MAX_PAIRWISE = 64;

/**
 * Loads in modules the script imports in different arms of one branch
 * (`match name: case "a": from .a import A …`): the run fetches one of
 * them, chosen by configuration, so none of their ids is known to be
 * fetched (the library's hub still is).
 */
function withoutChosenIds(
  project: PythonProject,
  modules: ReadonlySet<string>,
  found: ScriptHubLoad[],
): ScriptHubLoad[] {
  if (found.length < 2 || found.length > MAX_PAIRWISE) return found;
  const arms = found.map(load => armImportOf(project, load.path, modules));
  return found.map((load, i) =>
    arms.some((arm, j) => j !== i && alternativeImports(arms[i], arm))
      ? { ...load, ids: [] }
      : load,
  );
}

function hubLoadsIn(
  modules: ReadonlySet<string>,
  loads: ReadonlyArray<ArtifactLoad>,
  script: string,
  isHubId: (id: string, modulePath: string) => boolean,
): ScriptHubLoad[] {
  return loads.flatMap(load => {
    if (
      !load.spec.hub ||
      !load.chain.every(
        site =>
          modules.has(site.module.path) &&
          (!site.call.inMainGuard || site.module.path === script),
      )
    )
      return [];
    const site = siteOf(load);
    const named = (load.value?.literals ?? []).filter(l => l !== '');
    const ids = named.filter(id => isHubId(id, site.module.path));
    if (named.length > 0 && ids.length === 0 && readsOnlyNamed(load)) return [];
    return [
      {
        path: site.module.path,
        line: site.call.line,
        call: load.spec.call,
        ids,
      },
    ];
  });
}

/** The load's target is only what its literals say: no key, parameter or unread part could name a hub id. */
function readsOnlyNamed(load: ArtifactLoad): boolean {
  const value = load.value;
  return (
    value !== undefined &&
    value.keys.length === 0 &&
    value.params.length === 0 &&
    !value.unknown
  );
}

/** The library a loading call belongs to (`faster_whisper` of `faster_whisper.utils.download_model`). */
export function libraryOf(call: string): string {
  const dot = call.indexOf('.');
  return dot > 0 ? call.slice(0, dot) : call;
}
