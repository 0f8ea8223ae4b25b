import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** A regular expression written in a source file. */
export interface SourceRegex {
  /** The file, relative to the folder searched. */
  file: string;
  line: number;
  /**
   * The pattern as the engine sees it; undefined for a pattern built at
   * run time that cannot be read from the source.
   */
  source?: string;
  flags: string;
  /** The expression as written (for messages and allow-lists). */
  text: string;
}

/**
 * The name of the helper that escapes text into a pattern. What it returns
 * matches its text literally, so a template such as
 * `` `^${escapeRegExp(key)}=` `` (or a constant holding such a call) is
 * checked with a literal word in its place.
 */
const ESCAPE_HELPER = 'escapeRegExp';
const ESCAPED_STAND_IN = 'word';

/** The source files below `folder`, tests and test utilities left out. */
export function sourceFiles(folder: string): string[] {
  return fs
    .readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter(
      file =>
        file.endsWith('.ts') &&
        !file.endsWith('.test.ts') &&
        !file.endsWith('.d.ts') &&
        !file.split(path.sep).includes('__testUtils__'),
    )
    .sort();
}

/**
 * Every regular expression in the TypeScript files below `folder`: regex
 * literals and `RegExp(…)` / `new RegExp(…)` calls, read with the
 * TypeScript compiler so that a `/` in a string or a comment is not taken
 * for one.
 */
export function sourceRegexes(folder: string): SourceRegex[] {
  const found: SourceRegex[] = [];
  for (const file of sourceFiles(folder)) {
    const sourceFile = ts.createSourceFile(
      file,
      fs.readFileSync(path.join(folder, file), 'utf8'),
      ts.ScriptTarget.Latest,
      true,
    );
    const escaped = escapedNames(sourceFile);
    const at = (node: ts.Node) => ({
      file: file.split(path.sep).join('/'),
      line:
        sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile))
          .line + 1,
      text: node.getText(sourceFile),
    });
    const visit = (node: ts.Node) => {
      if (ts.isRegularExpressionLiteral(node)) {
        const { text } = node;
        const end = text.lastIndexOf('/');
        found.push({
          ...at(node),
          source: text.slice(1, end),
          flags: text.slice(end + 1),
        });
      } else if (
        (ts.isNewExpression(node) || ts.isCallExpression(node)) &&
        ts.isIdentifier(node.expression) &&
        node.expression.text === 'RegExp' &&
        node.arguments &&
        node.arguments.length > 0
      ) {
        const [pattern, flags] = node.arguments;
        found.push({
          ...at(node),
          source: constantPattern(pattern, escaped),
          flags: flags && ts.isStringLiteralLike(flags) ? flags.text : '',
        });
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  return found;
}

function isEscapeCall(node: ts.Node): boolean {
  return (
    ts.isCallExpression(node) &&
    ts.isIdentifier(node.expression) &&
    node.expression.text === ESCAPE_HELPER
  );
}

/** Names of constants that hold escaped text (`const name = escapeRegExp(…)`). */
function escapedNames(sourceFile: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node) => {
    if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      node.initializer &&
      isEscapeCall(node.initializer)
    ) {
      names.add(node.name.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return names;
}

/** The pattern a `RegExp` argument stands for, where the source tells it. */
function constantPattern(
  node: ts.Expression,
  escaped: Set<string>,
): string | undefined {
  if (ts.isStringLiteralLike(node)) return node.text;
  if (!ts.isTemplateExpression(node)) return undefined;
  let pattern = node.head.text;
  for (const span of node.templateSpans) {
    const literal =
      isEscapeCall(span.expression) ||
      (ts.isIdentifier(span.expression) && escaped.has(span.expression.text));
    if (!literal) return undefined;
    pattern += ESCAPED_STAND_IN + span.literal.text;
  }
  return pattern;
}
