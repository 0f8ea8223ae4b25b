import { analyzeRepositoryFiles } from '../evidence/analyze';
import { repo, text } from '../evidence/analyze/__testUtils__/files';
import { makeInput } from './__testUtils__/factories';
import { detectReleasePattern } from './releasePattern';

/**
 * An image made without a Dockerfile: CI starts a stock model-server
 * container, `docker cp`s the model into it and `docker commit`s the
 * container as the image the manifests run. The model is in the image.
 */
describe('an image committed from a container the model was copied into', () => {
  const files = (copy: string) =>
    repo({
      '.github/actions/bake/action.yml': text`
        name: bake
        inputs:
          ARCHIVE:
            required: true
        runs:
          using: composite
          steps:
            - name: Unpack
              run: mkdir classifier && tar -xzf \${{ inputs.ARCHIVE }} -C classifier
              shell: bash
            - name: Start the server
              run: docker run -d --name warm tensorflow/serving:2.15.0
              shell: bash
            - name: Copy
              run: ${copy}
              shell: bash
            - name: Commit
              run: |
                docker commit --change "ENV MODEL_NAME classifier" warm registry.example/classifier-server:1
                docker push registry.example/classifier-server:1
              shell: bash
      `,
      '.github/workflows/release.yml': text`
        on: [release]
        jobs:
          bake:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - uses: ./.github/actions/bake
                with:
                  ARCHIVE: classifier.tar.gz
      `,
      'k8s/deployment.yaml': text`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: classifier
        spec:
          template:
            spec:
              containers:
                - name: server
                  image: registry.example/classifier-server:1
      `,
    });

  it('is Model-in-image, decided by the docker commit step of a composite action', () => {
    const evidence = analyzeRepositoryFiles(
      files('docker cp classifier warm:/models/classifier'),
    );
    const detection = detectReleasePattern(makeInput({ evidence }));
    expect(detection.pattern).toBe('model-in-image');
    expect(
      detection.modelInImage.map(item => `${item.path}:${item.line}`),
    ).toEqual(['.github/actions/bake/action.yml:19']);
    expect(detection.modelInImage[0].note).toBe(
      'image built with `docker commit --change ENV MODEL_NAME classifier warm registry.example/classifier-server:1` packs what `docker cp` at line 15 put in /models/classifier, the folder a model server reads its models from; k8s/deployment.yaml:10 (classifier) runs it',
    );
  });

  it('is not Model-in-image when what was copied is no model', () => {
    const evidence = analyzeRepositoryFiles(
      files('docker cp server.conf warm:/etc/serving/server.conf'),
    );
    expect(detectReleasePattern(makeInput({ evidence })).pattern).toBe(
      'unknown',
    );
  });
});
