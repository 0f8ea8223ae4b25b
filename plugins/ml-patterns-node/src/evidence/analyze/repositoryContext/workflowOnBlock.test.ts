import { workflowOnBlock } from './workflowOnBlock';
import { workflowRunsFor } from './workflowTriggers';

const JOBS = [
  'jobs:',
  '  test:',
  '    runs-on: ubuntu-latest',
  '    steps:',
  '      - run: make test',
];

describe('workflowOnBlock', () => {
  it('keeps the on: entry with its indented lines, comments and column-0 items, not the jobs', () => {
    const text = [
      'name: ci',
      'on:',
      '  push:',
      '    paths:',
      '# a comment at the key column',
      '      - "models/**"',
      '',
      '  pull_request:',
      ...JOBS,
    ].join('\n');
    expect(workflowOnBlock(text)).toBe(
      [
        'on:',
        '  push:',
        '    paths:',
        '# a comment at the key column',
        '      - "models/**"',
        '',
        '  pull_request:',
      ].join('\n'),
    );
    expect(workflowOnBlock(['"on":', '- push', ...JOBS].join('\n'))).toBe(
      '"on":\n- push',
    );
    expect(workflowOnBlock(['on: [push]', ...JOBS].join('\r\n'))).toBe(
      'on: [push]\r',
    );
  });

  it.each([
    ['no on: key at a line start', ['name: x', ...JOBS]],
    ['the key twice', ['on: push', 'true: push', ...JOBS]],
    ['several documents', ['on: push', '---', 'on: push']],
    ['a directive', ['%YAML 1.1', '---', 'on: push']],
    ['a flow mapping', ['{on: push, jobs: {}}']],
  ])('gives the whole file back to the caller for %s', (_, lines) => {
    expect(workflowOnBlock(lines.join('\n'))).toBeUndefined();
  });

  it('decides like the whole file when the on: entry needs the rest of it', () => {
    // The filter is an alias of an anchor defined under `env`: the block
    // alone does not parse, the whole file does.
    const aliased = [
      'env:',
      '  filter: &models',
      '    - "models/**"',
      'on:',
      '  push:',
      '    paths: *models',
      ...JOBS,
    ].join('\n');
    expect(workflowRunsFor(aliased, ['models/a.pkl'])).toBe(true);
    expect(workflowRunsFor(aliased, ['docs/readme.md'])).toBe(false);
  });

  it('reads the path filters from the block', () => {
    const text = [
      'on:',
      '  push:',
      '    paths-ignore:',
      '      - "docs/**"',
      '  pull_request:',
      '    paths-ignore: ["docs/**"]',
      ...JOBS,
    ].join('\n');
    expect(workflowRunsFor(text, ['docs/index.md'])).toBe(false);
    expect(workflowRunsFor(text, ['src/app.py'])).toBe(true);
  });

  it('reads a path filter whose key is spelled with YAML escapes', () => {
    const escaped = (key: string) =>
      ['on:', '  push:', `    ${key}: ["docs/**"]`, ...JOBS].join('\n');
    for (const key of ['"p\\x61ths"', '"p\\u0061ths-ignore"']) {
      expect(workflowRunsFor(escaped(key), ['src/app.py'])).toBe(
        key.includes('ignore'),
      );
    }
    // No filter at all: the workflow runs for any change.
    expect(workflowRunsFor(escaped('"branches"'), ['src/app.py'])).toBe(true);
  });
});
