import type { ArtifactLoad } from './artifactLoads';

/**
 * A model named by a `user_config` key that the deployments of one Ray
 * Serve config set to different values (`model: org/a` for one deployment,
 * `model: org/b` for another): Ray hands each deployment its own
 * `user_config` (`reconfigure(config)`), so the same load, in one class or
 * a base class the deployments share, serves a different model in each —
 * several models in one server group.
 */

/** The name a configured key ends with: `config["model"]`, `config.get("model")`, `cfg.model`. */
const LAST_NAME =
  /(?:\[\s*["']([\w.-]+)["']\s*\]|\.get\(\s*["']([\w.-]+)["'][^()]*\)|\.([A-Za-z_]\w*))$/;

export interface DeploymentChoice {
  key: string;
  values: readonly string[];
}

export function choicePerDeployment(
  loads: ArtifactLoad[],
  settings: ReadonlyMap<string, readonly string[]>,
): DeploymentChoice | undefined {
  for (const load of loads) {
    for (const { key, env } of load.value?.keys ?? []) {
      if (env) continue;
      const match = LAST_NAME.exec(key);
      const name = match?.[1] ?? match?.[2] ?? match?.[3];
      const values = name === undefined ? undefined : settings.get(name);
      if (name !== undefined && values) return { key: name, values };
    }
  }
  return undefined;
}
