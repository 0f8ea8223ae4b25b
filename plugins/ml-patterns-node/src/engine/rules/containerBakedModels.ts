import { EvidenceItem } from '@ml-patterns/plugin-ml-patterns-common';
import { RepositoryEvidence } from '../../evidence/types';
import { atLine } from '../evidenceItems';

/**
 * Variables naming what travels with a model (its tokenizer, processor,
 * config), an adapter put on it or the base model under one: not a model
 * of their own.
 */
const COMPANION_VARIABLE =
  /TOKENI[SZ]ER|PROCESSOR|FEATURE_?EXTRACTOR|CONFIG|VOCAB|ADAPTER|LORA|PEFT|(?:^|_)BASE(?:_|$)/i;

/**
 * Containers whose environment points the server at several distinct
 * models its image's build fetched (`EMBEDDINGS_LOCAL_MODEL=…`,
 * `RERANKER_LOCAL_MODEL=…`, each an id the Dockerfile downloaded): the one
 * process the container starts loads them all, even when its code is not
 * in the folder read (a base image's server configured by variables).
 */
export function containerBakedModels(
  evidence: RepositoryEvidence,
): EvidenceItem[] {
  const items: EvidenceItem[] = [];
  for (const workload of evidence.workloads) {
    if (workload.dockerfile === undefined) continue;
    const dockerfile = evidence.dockerfiles.find(
      d => d.path === workload.dockerfile,
    );
    const built = new Map(
      (dockerfile?.builtInModels ?? []).flatMap(b =>
        b.model ? [[b.model, b] as const] : [],
      ),
    );
    if (built.size < 2) continue;
    for (const container of workload.containers) {
      if (container.sidecar) continue;
      const named = new Map<string, (typeof container.env)[number]>();
      for (const env of container.env) {
        if (env.value === undefined || COMPANION_VARIABLE.test(env.name))
          continue;
        const id = env.value.trim();
        if (built.has(id) && !named.has(id)) named.set(id, env);
      }
      if (named.size < 2) continue;
      items.push(
        atLine(
          { path: workload.path, line: container.line ?? workload.line },
          `${workload.kind} ${workload.name}: ${container.name} is pointed at ${named.size} models its image's build fetched`,
        ),
      );
      for (const [id, env] of named) {
        const fetched = built.get(id)!;
        items.push(
          atLine(
            { path: workload.path, line: env.line ?? workload.line },
            `env ${env.name}=${id} (fetched at ${fetched.path}:${fetched.line})`,
          ),
        );
      }
    }
  }
  return items;
}
