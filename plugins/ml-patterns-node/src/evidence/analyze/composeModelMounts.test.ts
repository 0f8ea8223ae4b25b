import { text } from './__testUtils__/files';
import { releaseOf as release } from './__testUtils__/releaseOf';

/**
 * A compose service of a stock model-server image with a host folder
 * mounted where the server reads its models gets its models when the
 * container starts (Model-load).
 */
describe('compose services of a stock model-server image with the models mounted', () => {
  const script = {
    'fetch_models.sh': text`
      #!/bin/sh
      curl -o model-store/net.mar https://example.com/net.mar
    `,
  };

  it('is Model-load, naming the mount line', () => {
    const result = release({
      ...script,
      'docker-compose.yml': text`
        services:
          serve:
            image: pytorch/torchserve:0.9.0
            command: torchserve --start --model-store /home/model-server/model-store --models net=net.mar
            volumes:
              - ./logs:/home/model-server/logs
              - ./model-store:/home/model-server/model-store
      `,
    });
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      'docker-compose.yml:7 compose service serve of the torchserve image pytorch/torchserve mounts ./model-store at /home/model-server/model-store, where the server reads its models (/home/model-server/model-store): the models are supplied when the container starts',
    ]);
  });

  it('reads the long volume syntax and the default model folder', () => {
    const result = release({
      ...script,
      'compose.yaml': text`
        services:
          serve:
            image: pytorch/torchserve
            volumes:
              - type: bind
                source: ./model-store
                target: /home/model-server/model-store
      `,
    });
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      'compose.yaml:5 compose service serve of the torchserve image pytorch/torchserve mounts ./model-store at /home/model-server/model-store, where the server reads its models (/home/model-server/model-store): the models are supplied when the container starts',
    ]);
  });

  it('ignores a mount elsewhere and a service built from a Dockerfile', () => {
    const result = release({
      ...script,
      'docker-compose.yml': text`
        services:
          serve:
            image: pytorch/torchserve
            volumes:
              - ./logs:/home/model-server/logs
          built:
            image: pytorch/torchserve
            build: .
            volumes:
              - ./model-store:/home/model-server/model-store
      `,
    });
    expect(result.atStart).toEqual([]);
  });
});
