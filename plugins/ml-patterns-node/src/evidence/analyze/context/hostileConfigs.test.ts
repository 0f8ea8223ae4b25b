import { isPinnedRequirementUrl } from '../dependencies/urlPins';
import { hubModelAtStart } from '../kubernetes/hubModelServers';
import { templateReference } from '../kubernetes/helmValues';
import { repo } from '../__testUtils__/files';
import { analyzeRepositoryFiles } from '../index';
import { parseTextProto } from './textProto';
import { readProperties } from './torchServeConfig';

/**
 * Hostile model-server configurations: each is read or refused with a
 * problem, and the analysis returns (the readers are single-pass and
 * bounded; no timing is asserted).
 */
const SIZE = 60 * 1024;

describe('hostile model-server configuration', () => {
  it.each([
    ['open braces', '{'.repeat(SIZE), 'unterminated template action'],
    ['nested messages', 'a { '.repeat(SIZE / 4), 'nested deeper than 64'],
    ['unclosed string', `name: "${'x'.repeat(SIZE)}`, 'unterminated string'],
    ['template openers', '{{'.repeat(SIZE / 2), 'unterminated template action'],
    [
      'placeholder openers',
      'a: ${'.repeat(SIZE / 4),
      'unterminated placeholder',
    ],
  ])('text format with %s is refused', (_, textProto, error) => {
    const parsed = parseTextProto(textProto);
    expect(parsed).toMatchObject({ ok: false, error });
  });

  it('reads a long flat text format in one pass', () => {
    const parsed = parseTextProto(`dims: [ ${'1, '.repeat(SIZE / 3)}1 ]`);
    expect(parsed.ok).toBe(true);
  });

  it('gives a problem for hostile Triton and TF Serving configs, and counts the folder', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'models/a/config.pbtxt': 'a { '.repeat(SIZE / 4),
        'models.config': `model_config_list { ${'config { name: "x" '.repeat(
          SIZE / 20,
        )}`,
      }),
    );
    expect(evidence.problems.map(p => [p.path, p.message])).toEqual([
      [
        'models/a/config.pbtxt',
        'Triton model configuration not read: nested deeper than 64',
      ],
      [
        'models.config',
        'TensorFlow Serving model config not read: nested deeper than 64',
      ],
    ]);
    expect(evidence.modelServers?.[0].models.map(m => m.name)).toEqual(['a']);
  });

  it('reads continuation runs and backslash runs in properties linearly', () => {
    const properties = readProperties(
      `load_models=${'a.mar,\\\n'.repeat(SIZE / 8)}b.mar\n${'\\'.repeat(
        SIZE,
      )}\n`,
    );
    expect(properties.get('load_models')?.value.split(',')).toHaveLength(
      SIZE / 8 + 1,
    );
  });

  it('refuses hostile URLs, template lines and commands without scanning them twice', () => {
    expect(
      isPinnedRequirementUrl(`git+https://h/o/r@${'1.'.repeat(SIZE)}`),
    ).toBe(false);
    expect(
      isPinnedRequirementUrl(`https://h/${'pkg-1.'.repeat(SIZE / 6)}tar.gz`),
    ).toBe(false);
    expect(templateReference(`{{ ${'.a'.repeat(SIZE)} x`)).toHaveLength(SIZE);
    expect(
      hubModelAtStart({
        name: 'llm',
        image: 'vllm/vllm-openai:v0.6.3',
        env: [],
        command: `--model \${${':-'.repeat(SIZE)}`,
      }),
    ).toBeDefined();
  });
});
