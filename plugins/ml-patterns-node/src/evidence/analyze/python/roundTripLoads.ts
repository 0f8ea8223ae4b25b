import type { ArtifactLoad, ArtifactSave } from './artifactLoads';
import type { CallRef } from './value';

/**
 * A model fetched, changed (quantised, fine-tuned), saved and loaded back
 * further down the same function from a path read only at run time
 * (`torch.load(folder + "/model.pt")`): the load reads what the code has
 * just written, so it is the model whose result was saved.
 *
 * Returns, for each load named at run time that follows a save in its
 * function, the calls whose result that save wrote.
 */
export function loadedBack(
  load: ArtifactLoad,
  named: boolean,
  saves: ArtifactSave[],
): CallRef[] {
  if (named) return [];
  const { module, call } = load.chain[0];
  if (!call.fn) return [];
  const save = saves.find(
    s =>
      s.site.module === module &&
      s.site.call.fn === call.fn &&
      s.site.call.node.to <= call.node.from,
  );
  return save?.artifact ?? [];
}
