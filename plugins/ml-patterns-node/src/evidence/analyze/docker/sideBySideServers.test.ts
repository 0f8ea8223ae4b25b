import { text } from '../__testUtils__/files';
import { allInOneOf as allInOne } from '../__testUtils__/allInOneOf';

describe('model servers an image starts side by side', () => {
  it('counts two TF Serving processes of one entrypoint script as two models of one container', () => {
    const { verdict, at, notes } = allInOne({
      Dockerfile: text`
        FROM ubuntu:22.04
        RUN apt-get update && apt-get install -y tensorflow-model-server
        COPY ./servables /srv/servables
        COPY ./start.sh /srv/start.sh
        ENTRYPOINT ["/bin/bash", "/srv/start.sh"]
      `,
      'start.sh': text`
        #!/usr/bin/env bash
        tensorflow_model_server \
            --model_name=detector \
            --model_base_path=/srv/servables/detector \
            --port=9000 &

        tensorflow_model_server \
            --model_name=captioner \
            --model_base_path=/srv/servables/captioner \
            --port=9001
      `,
      'servables/detector/1/saved_model.pb': 'x',
      'servables/captioner/1/saved_model.pb': 'x',
    });
    expect(verdict).toBe('fail');
    expect(at).toEqual(['start.sh:2', 'start.sh:2', 'start.sh:7']);
    expect(notes).toEqual([
      'the model servers start.sh starts side by side hosts 2 models (deliberate multi-model serving can be waived)',
      'tensorflow_model_server serves detector in the background',
      'tensorflow_model_server serves captioner',
    ]);
  });

  it('counts a background embedding server beside an LLM server, named by ENV, as two models', () => {
    const { verdict, at } = allInOne({
      Dockerfile: text`
        FROM python:3.11-slim
        ENV LLM=Qwen/Qwen2.5-0.5B-Instruct
        COPY run.sh /run.sh
        CMD ["sh", "/run.sh"]
      `,
      'run.sh': text`
        text-embeddings-router --model-id BAAI/bge-small-en-v1.5 --port 8081 &
        exec vllm serve "$LLM" --port 8000
      `,
    });
    expect(verdict).toBe('fail');
    expect(at).toEqual(['run.sh:1', 'run.sh:1', 'run.sh:2']);
  });

  it('does not count servers that run one after another, or one model started twice', () => {
    const sequential = allInOne({
      Dockerfile: text`
        FROM tensorflow/serving:2.14.0
        COPY models /models
        COPY start.sh /start.sh
        ENTRYPOINT ["/bin/bash", "/start.sh"]
      `,
      'start.sh': text`
        tensorflow_model_server --model_name=a --model_base_path=/models/a --port=9000
        tensorflow_model_server --model_name=b --model_base_path=/models/b --port=9001
      `,
      'models/a/1/saved_model.pb': 'x',
      'models/b/1/saved_model.pb': 'x',
    });
    expect(sequential.verdict).not.toBe('fail');
    const twice = allInOne({
      Dockerfile: text`
        FROM tensorflow/serving:2.14.0
        COPY models /models
        COPY start.sh /start.sh
        ENTRYPOINT ["/bin/bash", "/start.sh"]
      `,
      'start.sh': text`
        tensorflow_model_server --model_name=a --model_base_path=/models/a --port=9000 &
        tensorflow_model_server --model_name=a --model_base_path=/models/a --rest_api_port=8501
      `,
      'models/a/1/saved_model.pb': 'x',
    });
    expect(twice.verdict).not.toBe('fail');
  });
});
