import { looksLikeCompose } from './compose';
import { parseYamlDocuments } from './yamlDocuments';

const parsed = (text: string) => parseYamlDocuments('x.yml', text, []);

describe('looksLikeCompose', () => {
  it('takes services of images or builds for a compose file, whatever its name', () => {
    expect(
      looksLikeCompose(
        parsed(
          'services:\n  api:\n    build: .\n  llm:\n    image: vllm/vllm-openai:v0.6.3\n',
        ),
      ),
    ).toBe(true);
  });

  it('does not take a CI file listing service images, or a Kubernetes object', () => {
    expect(
      looksLikeCompose(
        parsed(
          'image: python:3.11\nservices:\n  - postgres:15\ntest:\n  script: [pytest]\n',
        ),
      ),
    ).toBe(false);
    expect(
      looksLikeCompose(
        parsed(
          'apiVersion: v1\nkind: ConfigMap\nservices:\n  a:\n    image: x\n',
        ),
      ),
    ).toBe(false);
    expect(
      looksLikeCompose(
        parsed('services:\n  docs:\n    url: https://example.com\n'),
      ),
    ).toBe(false);
  });
});
