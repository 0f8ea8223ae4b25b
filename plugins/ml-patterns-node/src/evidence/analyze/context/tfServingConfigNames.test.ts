import { text } from '../__testUtils__/files';
import { allInOneOf as allInOne } from '../__testUtils__/allInOneOf';
import { mayBeTfServingConfig } from './tfServingConfig';

/**
 * TensorFlow Serving reads the file `--model_config_file` names whatever
 * its extension: a configuration named so (`config.tf`, `serving_config`)
 * is read for the models it lists.
 */

describe('TensorFlow Serving model configs under other names', () => {
  it('counts the models of a config.tf the server is started with', () => {
    const { verdict, at, notes } = allInOne({
      Dockerfile: text`
        FROM ubuntu:22.04
        RUN apt-get update && apt-get install -y tensorflow-model-server=2.14.0
        VOLUME /serving/models
        CMD tensorflow_model_server --port=8500 --model_config_file=/serving/models/config.tf
      `,
      'models/config.tf': text`
        model_config_list {
          config {
            name: "ranker"
            base_path: "/serving/models/ranker"
            model_platform: "tensorflow"
          }
          config {
            name: "churn"
            base_path: "/serving/models/churn"
            model_platform: "tensorflow"
          }
        }
      `,
    });
    expect(verdict).toBe('fail');
    expect(at).toEqual([
      'models/config.tf:1',
      'models/config.tf:2',
      'models/config.tf:7',
    ]);
    expect(notes[0]).toContain('models/config.tf hosts 2 models');
  });

  it('reads configuration-named files only, whatever else has those extensions', () => {
    expect(mayBeTfServingConfig('serving/models.config', 100)).toBe(true);
    expect(mayBeTfServingConfig('models/config.tf', 100)).toBe(true);
    expect(mayBeTfServingConfig('deploy/serving_config', 100)).toBe(true);
    expect(mayBeTfServingConfig('infra/main.tf', 100)).toBe(false);
    expect(mayBeTfServingConfig('notes/readme.txt', 100)).toBe(false);
    expect(mayBeTfServingConfig('triton/bert/config.pbtxt', 100)).toBe(false);
  });
});

describe('a TensorFlow Serving config under another name that no start command names', () => {
  const oneModelConfig = text`
    model_config_list {
      config {
        name: "ranker"
        base_path: "/serving/models/ranker"
        model_platform: "tensorflow"
      }
    }
  `;
  const twoModelConfig = text`
    model_config_list {
      config { name: "ranker" base_path: "/serving/models/ranker" model_platform: "tensorflow" }
      config { name: "churn" base_path: "/serving/models/churn" model_platform: "tensorflow" }
    }
  `;

  it('is not read when the server is started with another config file', () => {
    const { verdict, at, notes } = allInOne({
      Dockerfile: text`
        FROM tensorflow/serving:2.14.0
        COPY models/ /serving/models/
        CMD ["--model_config_file=/serving/models/serving.cfg"]
      `,
      'models/serving.cfg': oneModelConfig,
      // A draft kept beside it, which the image's command does not name.
      'models/next_release_config.txt': twoModelConfig,
    });
    expect(verdict).toBe('pass');
    expect(at).toEqual(['Dockerfile:3']);
    expect(notes[0]).toContain(
      'the image starts `--model_config_file=/serving/models/serving.cfg`',
    );
  });

  it('is read when the start script names it', () => {
    const { verdict, at } = allInOne({
      Dockerfile: text`
        FROM tensorflow/serving:2.14.0
        COPY . /srv
        ENTRYPOINT ["/srv/start.sh"]
      `,
      'start.sh': text`
        #!/bin/sh
        exec tensorflow_model_server --port=8500 \\
          --model_config_file=/srv/models/next_release_config.txt
      `,
      'models/serving.cfg': oneModelConfig,
      'models/next_release_config.txt': twoModelConfig,
    });
    expect(verdict).toBe('fail');
    expect(at).toEqual([
      'models/next_release_config.txt:1',
      'models/next_release_config.txt:2',
      'models/next_release_config.txt:3',
    ]);
  });

  it('is still read when no start command names a config file', () => {
    const { verdict, at } = allInOne({
      Dockerfile: text`
        FROM tensorflow/serving:2.14.0
        COPY models/ /serving/models/
      `,
      'models/serving_config.txt': twoModelConfig,
    });
    expect(verdict).toBe('fail');
    expect(at).toContain('models/serving_config.txt:1');
  });
});
