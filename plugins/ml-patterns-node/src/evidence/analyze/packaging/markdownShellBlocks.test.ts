import { EvidenceProblem } from '../../types';
import {
  markdownNestingDepth,
  markdownShellBlocks,
  MAX_MARKDOWN_NESTING,
} from './markdownShellBlocks';

const FENCE = '```';

describe('shell blocks of Markdown', () => {
  it('finds fenced shell blocks at their lines, in lists and block quotes too, and skips other languages', () => {
    const markdown = [
      '# Serving', // 1
      '', // 2
      `${FENCE}python`, // 3
      'print("not shell")', // 4
      FENCE, // 5
      '', // 6
      '- Build it:', // 7
      '', // 8
      `  ${FENCE}bash`, // 9
      '  mlserver build . -t acme/x', // 10
      `  ${FENCE}`, // 11
      '', // 12
      `> ${FENCE}sh`, // 13
      '> docker push acme/x', // 14
      `> ${FENCE}`, // 15
      '', // 16
      '~~~', // 17
      'echo untyped', // 18
      '~~~', // 19
    ].join('\r\n');
    const problems: EvidenceProblem[] = [];
    expect(markdownShellBlocks('README.md', markdown, problems)).toEqual([
      { text: 'mlserver build . -t acme/x', firstLine: 10 },
      { text: 'docker push acme/x', firstLine: 14 },
      { text: 'echo untyped', firstLine: 18 },
    ]);
    expect(problems).toEqual([]);
  });

  it('keeps the prompted commands of a session and their continuations, and blanks the output', () => {
    const markdown = [
      `${FENCE}console`,
      '(venv) $ bentoml containerize svc:latest \\',
      '>   -t acme/svc',
      'Building image...',
      '% docker push acme/svc',
      FENCE,
    ].join('\n');
    expect(markdownShellBlocks('README.md', markdown, [])).toEqual([
      {
        text: 'bentoml containerize svc:latest \\\n  -t acme/svc\n\ndocker push acme/svc',
        firstLine: 2,
      },
    ]);
  });

  it('does not lex a document nesting containers deeper than real documents do', () => {
    const deep = `${'> '.repeat(
      MAX_MARKDOWN_NESTING + 1,
    )}${FENCE}sh\nmlserver build .\n${FENCE}\n`;
    expect(markdownNestingDepth(deep)).toBe(MAX_MARKDOWN_NESTING + 1);
    const problems: EvidenceProblem[] = [];
    expect(markdownShellBlocks('docs/a.md', deep, problems)).toEqual([]);
    expect(problems).toEqual([
      {
        path: 'docs/a.md',
        message: `Markdown nested deeper than ${MAX_MARKDOWN_NESTING} levels; its code blocks are not read`,
      },
    ]);
    // Indentation inside fenced code is content, not nesting.
    const yaml = `${FENCE}yaml\n${' '.repeat(200)}key: value\n${FENCE}\n`;
    expect(markdownNestingDepth(yaml)).toBe(0);
  });
});
