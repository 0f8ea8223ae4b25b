import { oneModelPerServerRule } from '../../../engine/rules/allInOne';
import {
  makeEvidence,
  makeInput,
} from '../../../engine/__testUtils__/factories';
import { runCheck } from '../../../engine/__testUtils__/runCheck';
import { analyzeRepositoryFiles } from '../index';
import { repo, text } from '../__testUtils__/files';

/**
 * How many models a TorchServe image loads, read from how it starts:
 * `--models`, and archives registered one by one through the management
 * API (often in a loop over the model store).
 */
function allInOne(files: Record<string, string>) {
  const evidence = analyzeRepositoryFiles(repo(files));
  const check = runCheck(
    oneModelPerServerRule,
    makeInput({ evidence: makeEvidence(evidence) }),
  );
  return {
    evidence,
    verdict: check.verdict,
    notes: check.evidence.map(e =>
      'path' in e ? `${e.path}:${e.line} ${e.note}` : e.note,
    ),
  };
}

describe('models registered with TorchServe by a start script', () => {
  it('counts the archives a loop registers through the management API', () => {
    const result = allInOne({
      Dockerfile: text`
        FROM pytorch/torchserve:0.11.0-cpu
        COPY serve.sh /home/model-server/serve.sh
        ENTRYPOINT ["bash", "/home/model-server/serve.sh"]
      `,
      'serve.sh': text`
        #!/bin/bash
        STORE=/home/model-server/model-store
        wget -q "$SUMMARIZER_URL" -O /home/model-server/model-store/summarizer.mar
        wget -q "$TRANSLATOR_URL" -O /home/model-server/model-store/translator.mar
        torchserve --start --ncs --model-store /home/model-server/model-store
        sleep 30
        for archive in /home/model-server/model-store/*.mar; do
          curl -s -X POST "http://localhost:8081/models?url=$(basename $archive)&initial_workers=1"
        done
        tail -f /dev/null
      `,
    });
    expect(result.verdict).toBe('fail');
    expect(result.notes).toEqual([
      "serve.sh:8 TorchServe as started by serve.sh:8 (registers every archive in /home/model-server/model-store with TorchServe's management API) hosts 2 models (deliberate multi-model serving can be waived)",
      'serve.sh:3 summarizer.mar in the model store /home/model-server/model-store',
      'serve.sh:4 translator.mar in the model store /home/model-server/model-store',
    ]);
  });

  it('follows `ls store > list` and `cat list | xargs curl` to the archives baked into the image', () => {
    const result = allInOne({
      Dockerfile: text`
        FROM pytorch/torchserve:0.11.0-cpu
        COPY archives/ /home/model-server/model-store/
        COPY start.sh /start.sh
        CMD ["/start.sh"]
      `,
      'archives/fraud.mar': 'binary',
      'archives/churn.mar': 'binary',
      'archives/README.md': 'the archives\n',
      'start.sh': text`
        torchserve --start --model-store /home/model-server/model-store
        ls /home/model-server/model-store > /tmp/models.txt
        cat /tmp/models.txt | xargs -I {} curl -X POST http://localhost:8081/models?url={}
        tail -f /dev/null
      `,
    });
    expect(result.verdict).toBe('fail');
    expect(result.notes.slice(1)).toEqual([
      'Dockerfile:2 churn.mar in the model store /home/model-server/model-store',
      'Dockerfile:2 fraud.mar in the model store /home/model-server/model-store',
    ]);
  });

  it('counts torchserve --models entries, and one entry is one model', () => {
    const two = allInOne({
      Dockerfile: text`
        FROM pytorch/torchserve:0.11.0-cpu
        COPY store/ /home/model-server/model-store/
        CMD ["torchserve", "--start", "--model-store", "/home/model-server/model-store", "--models", "ner=ner.mar", "sentiment=sentiment.mar"]
      `,
    });
    expect(two.verdict).toBe('fail');
    expect(two.notes.slice(1)).toEqual([
      'Dockerfile:3 torchserve --models ner=ner.mar',
      'Dockerfile:3 torchserve --models sentiment=sentiment.mar',
    ]);
    const one = allInOne({
      Dockerfile: text`
        FROM pytorch/torchserve:0.11.0-cpu
        RUN torch-model-archiver --model-name vit --version 1 --serialized-file /tmp/vit.pt --handler image_classifier --export-path /home/model-server/model-store
        CMD ["torchserve", "--start", "--model-store", "/home/model-server/model-store", "--models", "vit=vit.mar"]
      `,
    });
    expect(one.verdict).toBe('pass');
    expect(one.notes).toEqual([
      'Dockerfile:3 TorchServe as started by Dockerfile:3 (torchserve --models vit=vit.mar) hosts one model: torchserve --models vit=vit.mar',
    ]);
  });

  it('reads --models all as every archive the image packs into its store', () => {
    const result = allInOne({
      Dockerfile: text`
        FROM pytorch/torchserve:0.11.0-cpu
        COPY weights/ /tmp/weights/
        RUN torch-model-archiver --model-name detector --version 1 --serialized-file /tmp/weights/detector.pt --handler object_detector --export-path /home/model-server/model-store && \
            torch-model-archiver --model-name classifier --version 1 --serialized-file /tmp/weights/classifier.pt --handler image_classifier --export-path /home/model-server/model-store
        CMD ["torchserve", "--start", "--models", "all"]
      `,
    });
    expect(result.verdict).toBe('fail');
    expect(result.notes.slice(1)).toEqual([
      'Dockerfile:3 detector.mar in the model store /home/model-server/model-store',
      'Dockerfile:3 classifier.mar in the model store /home/model-server/model-store',
    ]);
  });
});
