import { isDockerfile } from './fileKinds';

describe('isDockerfile', () => {
  it.each([
    'Dockerfile',
    'docker/Dockerfile.gpu',
    'Dockerfile-dev',
    'Dockerfile_cpu',
    'docker/DockerfileReranker',
    'Containerfile',
    'deploy/api.dockerfile',
    'ImageDockerfile',
    'images/api-Dockerfile',
    'gpu.Containerfile',
  ])('takes %s for a Dockerfile', path => {
    expect(isDockerfile(path)).toBe(true);
  });

  it.each([
    'Dockerfile.md',
    'docs/dockerfile-guide.txt',
    'scripts/dockerfile_lint.sh',
    '.dockerignore',
    'Dockerfile.dockerignore',
    'docker-compose.yml',
    'docs/ImageDockerfile.md',
  ])('does not take %s for one', path => {
    expect(isDockerfile(path)).toBe(false);
  });
});
