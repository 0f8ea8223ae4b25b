import { ArtifactLoad } from './artifactLoads';
import { ModelGroup } from './modelGroups';
import { PythonProcess } from './processes';

/**
 * The models of a process that deploys several parts side by side (the
 * applications of a Ray Serve config): each part is configured on its own,
 * so its models are told apart within the part — two applications each
 * loading the artifact their own configuration names are two models, not
 * one load named at run time seen twice. A model whose loads an earlier
 * part already counted (code the parts share) is that part's model.
 */
export function groupsPerPart(
  process: PythonProcess,
  loads: ArtifactLoad[],
  group: (loads: ArtifactLoad[]) => ModelGroup[],
): ModelGroup[] {
  if (!process.parts) return group(loads);
  const counted = new Set<ArtifactLoad>();
  const groups: ModelGroup[] = [];
  for (const modules of process.parts) {
    const part = loads.filter(load =>
      load.chain.every(site => modules.has(site.module.path)),
    );
    for (const model of part.length > 0 ? group(part) : []) {
      if (model.loads.every(load => counted.has(load))) continue;
      model.loads.forEach(load => counted.add(load));
      groups.push(model);
    }
  }
  return groups;
}
