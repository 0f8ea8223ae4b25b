import { DockerCopy } from '../../types';
import { ParsedDockerfile, ParsedStage } from '../dockerfile';

/** How the stages of a multi-stage Dockerfile build on and copy from each other. */

/** Stage index for a `--from` value (name or number), of a stage before `before`. */
export function stageIndex(
  parsed: ParsedDockerfile,
  from: string,
  before: number,
): number | undefined {
  if (/^\d+$/.test(from)) {
    const index = Number(from);
    return index < before ? index : undefined;
  }
  const index = parsed.stages.findIndex(
    s => s.name.toLowerCase() === from.toLowerCase(),
  );
  return index >= 0 && index < before ? index : undefined;
}

/** The final stage and the stages it is built FROM (its image lineage), base first. */
export function finalChain(parsed: ParsedDockerfile): number[] {
  const chain: number[] = [];
  let index: number | undefined = parsed.stages.length - 1;
  while (index !== undefined && !chain.includes(index)) {
    chain.push(index);
    index = parsed.stages[index].parent;
  }
  return chain.reverse();
}

/** Stages whose content ends up in the final image: its lineage and what it copies from. */
export function shippedStages(parsed: ParsedDockerfile): number[] {
  const result = new Set<number>();
  const visit = (index: number, depth: number) => {
    if (result.has(index) || depth > 20) return;
    result.add(index);
    const stage = parsed.stages[index];
    if (stage.parent !== undefined) visit(stage.parent, depth + 1);
    for (const copy of stage.copies) {
      const from = copy.from ? stageIndex(parsed, copy.from, index) : undefined;
      if (from !== undefined) visit(from, depth + 1);
    }
  };
  visit(parsed.stages.length - 1, 0);
  return [...result].sort((a, b) => a - b);
}

/** The COPY/ADD steps of a stage and the stages it is built FROM, base first. */
export function lineageCopies(
  parsed: ParsedDockerfile,
  stage: ParsedStage,
): Array<{ copy: DockerCopy; stage: ParsedStage }> {
  const result: Array<{ copy: DockerCopy; stage: ParsedStage }> = [];
  let current: ParsedStage | undefined = stage;
  for (let i = 0; current && i < 20; i++) {
    const owner: ParsedStage = current;
    result.unshift(...owner.copies.map(copy => ({ copy, stage: owner })));
    current =
      owner.parent !== undefined ? parsed.stages[owner.parent] : undefined;
  }
  return result;
}
