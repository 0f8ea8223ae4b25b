import { ArtifactLoad, siteOf } from './artifactLoads';
import { PythonProject } from './pythonProject';

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
 * hub cache with what these loads fetch.
 */
export function scriptHubLoads(
  project: PythonProject,
  loads: ReadonlyArray<ArtifactLoad>,
  script: string,
): ScriptHubLoad[] {
  const modules = project.reachableFrom([script]);
  if (modules.size === 0) return [];
  return loads
    .filter(
      load =>
        load.spec.hub &&
        load.chain.every(
          site =>
            modules.has(site.module.path) &&
            (!site.call.inMainGuard || site.module.path === script),
        ),
    )
    .map(load => {
      const site = siteOf(load);
      return {
        path: site.module.path,
        line: site.call.line,
        call: load.spec.call,
        ids: (load.value?.literals ?? []).filter(l => l !== ''),
      };
    });
}

/** The library a loading call belongs to (`faster_whisper` of `faster_whisper.utils.download_model`). */
export function libraryOf(call: string): string {
  const dot = call.indexOf('.');
  return dot > 0 ? call.slice(0, dot) : call;
}
