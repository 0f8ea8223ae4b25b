import { templateActions } from '../yamlDocuments';
import { chartValuesOf } from './helmTemplates';

/**
 * The chart files a Helm template pastes into a block of its own with
 * `.Files.Get`: a literal path (`{{ .Files.Get "conf/app.yaml" | indent 4
 * }}`), or a path built from each item of a values list a `range` walks
 * (`{{- range $app := .Values.applications }}` … `{{ printf "apps/%s.yaml"
 * $app | $.Files.Get | indent 4 }}` … `{{- end }}`), read as a render with
 * the chart's default values would paste them. Paths are the chart
 * files' repository paths.
 */

type TextOf = (path: string) => string | undefined;

export interface IncludedFile {
  /** The chart file's repository path. */
  path: string;
  /** The template line that includes it. */
  line: number;
}

/** The words of an action without its braces and trim markers: `{{- range $a := .Values.x }}` → `range $a := .Values.x`. */
function actionBody(action: string): string {
  let body = action.slice(2, -2).trim();
  if (body.startsWith('-')) body = body.slice(1);
  if (body.endsWith('-')) body = body.slice(0, -1);
  return body.trim();
}

/** The first double-quoted string of an action (`"apps/%s.yaml"`). */
function quoted(body: string): string | undefined {
  const start = body.indexOf('"');
  const end = start < 0 ? -1 : body.indexOf('"', start + 1);
  return end < 0 ? undefined : body.slice(start + 1, end);
}

interface Range {
  /** `$app`, or `.` for a range without a variable. */
  variable: string;
  values: string[];
}

/** `range $app := .Values.a.b`, `range $i, $app := .Values.a.b`, `range .Values.a.b`. */
function rangeOf(
  body: string,
  lookUp: (keys: string[]) => unknown,
): Range | undefined {
  const words = body.split(/\s+/);
  if (words[0] !== 'range') return undefined;
  const reference = words[words.length - 1];
  if (!reference.startsWith('.Values.') && !reference.startsWith('$.Values.'))
    return undefined;
  const keys = reference.replace(/^\$?\.Values\./, '').split('.');
  const assigned = words.indexOf(':=');
  const variable = assigned > 0 ? words[assigned - 1].replace(/,$/, '') : '.';
  const value = lookUp(keys);
  const values = Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : [];
  return { variable, values };
}

/** The paths an include action names, with the ranges around it. */
function includedPaths(body: string, ranges: readonly Range[]): string[] {
  const format = quoted(body);
  if (format === undefined) return [];
  if (!/\bprintf\b/.test(body) || !format.includes('%s')) return [format];
  // `printf "apps/%s.yaml" $app`: the innermost range binding a variable the action uses.
  const range = [...ranges]
    .reverse()
    .find(r =>
      r.variable === '.'
        ? /(?:^|[\s(])\.(?:[\s|)]|$)/.test(body)
        : body.includes(r.variable),
    );
  return range ? range.values.map(v => format.replace('%s', v)) : [];
}

/**
 * The chart files included by the template lines `from`..`to` (1-based,
 * inclusive) of a chart template; empty outside a chart or without
 * `.Files.Get`.
 */
export function includedChartFiles(
  templatePath: string,
  lines: readonly string[],
  from: number,
  to: number,
  textOf: TextOf,
): IncludedFile[] {
  const values = chartValuesOf(templatePath, textOf);
  if (!values) return [];
  const chart = values.chart ? `${values.chart}/` : '';
  const lookUp = (keys: string[]) => {
    const found = values.lookUp(keys);
    return found.found ? found.value : undefined;
  };
  const ranges: Range[] = [];
  /** Block actions opened (`range`, `if`, `with`…), so that each `end` closes its own. */
  const opened: Array<Range | undefined> = [];
  const found: IncludedFile[] = [];
  for (let line = from; line <= to && line <= lines.length; line++) {
    const text = lines[line - 1];
    if (!text.includes('{{')) continue;
    for (const [start, end] of templateActions(text)) {
      const body = actionBody(text.slice(start, end));
      const head = body.split(/\s+/)[0];
      if (head === 'end') {
        if (opened.pop()) ranges.pop();
      } else if (head === 'range') {
        const range = rangeOf(body, lookUp);
        opened.push(range);
        if (range) ranges.push(range);
      } else if (['if', 'with', 'define', 'block'].includes(head)) {
        opened.push(undefined);
      } else if (body.includes('.Files.Get')) {
        for (const path of includedPaths(body, ranges))
          if (!path.startsWith('/') && !path.split('/').includes('..'))
            found.push({ path: `${chart}${path}`, line });
      }
    }
  }
  return found;
}
