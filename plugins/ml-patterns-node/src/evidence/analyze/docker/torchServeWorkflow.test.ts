import { oneModelPerServerRule } from '../../../engine/rules/allInOne';
import {
  makeEvidence,
  makeInput,
} from '../../../engine/__testUtils__/factories';
import { runCheck } from '../../../engine/__testUtils__/runCheck';
import { analyzeRepositoryFiles } from '../index';
import { repo, text } from '../__testUtils__/files';

/**
 * A TorchServe workflow registered at start is a DAG of models whose
 * archives the server reads from its model store: every archive of the
 * store gets workers in the one server.
 */
function allInOne(files: Record<string, string>) {
  const evidence = analyzeRepositoryFiles(repo(files));
  const check = runCheck(
    oneModelPerServerRule,
    makeInput({ evidence: makeEvidence(evidence) }),
  );
  return {
    verdict: check.verdict,
    notes: check.evidence.map(e =>
      'path' in e ? `${e.path}:${e.line} ${e.note}` : e.note,
    ),
  };
}

const image = text`
  FROM pytorch/torchserve:0.11.0-cpu
  COPY store /home/model-server/store
  COPY flows /home/model-server/flows
  COPY start.sh /home/model-server/start.sh
  ENTRYPOINT ["bash", "/home/model-server/start.sh"]
`;

const start = text`
  #!/bin/bash
  torchserve --start --ncs --model-store /home/model-server/store --workflow-store /home/model-server/flows
  sleep 10
  curl -X POST "http://localhost:8081/workflows?url=ranking.war"
  tail -f /dev/null
`;

describe('a workflow registered with TorchServe by a start script', () => {
  it('counts the archives of the model store the workflow serves', () => {
    const result = allInOne({
      Dockerfile: image,
      'start.sh': start,
      'store/retriever.mar': 'archive',
      'store/reranker.mar': 'archive',
      'flows/ranking.war': 'archive',
    });
    expect(result.verdict).toBe('fail');
    expect(result.notes).toEqual([
      "start.sh:4 TorchServe as started by start.sh:4 (registers the workflow ranking.war with TorchServe's management API, serving the archives in /home/model-server/store) hosts 2 models (deliberate multi-model serving can be waived)",
      'Dockerfile:2 reranker.mar in the model store /home/model-server/store',
      'Dockerfile:2 retriever.mar in the model store /home/model-server/store',
    ]);
  });

  it('keeps a workflow over a store of one archive one model', () => {
    const result = allInOne({
      Dockerfile: image,
      'start.sh': start,
      'store/retriever.mar': 'archive',
      'flows/ranking.war': 'archive',
    });
    expect(result.verdict).toBe('pass');
  });
});
