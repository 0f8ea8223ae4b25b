import { text } from './__testUtils__/files';
import { releaseOf as release } from './__testUtils__/releaseOf';

/**
 * A compose service of a stock model server reading its models from a
 * named volume that a service it depends on fills first (a downloader
 * pulling an OCI artifact, then exiting): Model-load, as with an init
 * container filling an emptyDir.
 */

const stack = (dependsOn: string, serverFlag: string) => text`
  services:
    fetch-weights:
      image: ghcr.io/oras-project/oras:v1.2.0
      command: pull registry.example/models/ranker:7 -o /out
      volumes:
        - weights:/out
    serve:
      image: openvino/model_server:2024.4
      ${dependsOn}
      command: --model_name ranker --port 9000 ${serverFlag}
      volumes:
        - weights:/models/ranker
  volumes:
    weights: {}
`;

describe('a compose model server reading a named volume another service fills', () => {
  it('is Model-load when the server waits for the filling service, at the server’s volume line', () => {
    const result = release({
      'compose.yaml': stack(
        'depends_on: { fetch-weights: { condition: service_completed_successfully } }',
        '--model_path /models/ranker',
      ),
    });
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      "compose.yaml:12 compose service serve of the openvino-model-server image openvino/model_server:2024.4 reads its models (--model_path=/models/ranker) from the named volume weights at /models/ranker, which service fetch-weights it depends on fills when the stack starts: the models are not in the server's image",
    ]);
  });

  it('says nothing when the server does not wait for that service or reads elsewhere', () => {
    expect(
      release({ 'compose.yaml': stack('', '--model_path /models/ranker') })
        .atStart,
    ).toEqual([]);
    expect(
      release({
        'compose.yaml': stack(
          'depends_on: [fetch-weights]',
          '--model_path /opt/baked/ranker',
        ),
      }).atStart,
    ).toEqual([]);
  });
});
