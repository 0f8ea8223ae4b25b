import { ContainerFacts, WorkloadFacts } from '../../types';
import { TEMPLATE_PLACEHOLDER } from '../yamlDocuments';
import { ValuesLookup } from './helmConditions';
import { ChartTemplate } from './helmTemplates';

/**
 * A chart's container image written as values (`image: {{
 * .Values.server.image }}`, `"{{ .Values.image.repository }}:{{
 * .Values.image.tag | default .Chart.AppVersion }}"`) is the image the
 * chart's default values name: which server runs is read from it. Only
 * `.Values` and `.Chart` references and literals (piped to `quote` or
 * `default`) are filled in; anything else keeps the image unknown.
 */

/** Pipes that do not change an image name. */
const NEUTRAL_PIPES = new Set(['quote', 'squote', 'toString', 'trim']);

/** The `{{ … }}` actions after `from` on a line, as their bodies. */
function actionBodies(line: string, from: number): string[] {
  const bodies: string[] = [];
  for (let at = line.indexOf('{{', from); at >= 0; ) {
    const close = line.indexOf('}}', at + 2);
    if (close < 0) break;
    let body = line.slice(at + 2, close);
    if (body.startsWith('-')) body = body.slice(1);
    if (body.endsWith('-')) body = body.slice(0, -1);
    bodies.push(body.trim());
    at = line.indexOf('{{', close + 2);
  }
  return bodies;
}

type Term = string | undefined;

/**
 * A term of an action under the defaults: `.Values.a.b` from the values,
 * `.Chart.AppVersion` from Chart.yaml, a quoted literal. '' for an unset or
 * empty value (what `default` replaces); undefined when it cannot be told.
 */
function termValue(
  term: string,
  lookUp: ValuesLookup,
  chartLookUp: ValuesLookup | undefined,
): Term {
  if (term.length >= 2 && (term[0] === '"' || term[0] === "'"))
    return term.endsWith(term[0]) ? term.slice(1, -1) : undefined;
  const reference = term.startsWith('$.') ? term.slice(1) : term;
  let keys: string[];
  let from: ValuesLookup | undefined;
  if (reference.startsWith('.Values.')) {
    keys = reference.slice('.Values.'.length).split('.');
    from = lookUp;
  } else if (reference.startsWith('.Chart.')) {
    // `.Chart.AppVersion` is the `appVersion` field of Chart.yaml.
    const field = reference.slice('.Chart.'.length);
    keys = [field.charAt(0).toLowerCase() + field.slice(1)];
    from = chartLookUp;
  } else {
    return undefined;
  }
  if (!from || keys.some(key => !/^\w+$/.test(key))) return undefined;
  const found = from(keys);
  if (!found.found) return undefined;
  const { value } = found;
  if (value === null) return '';
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).trim();
  return text.includes('{{') ? undefined : text;
}

/**
 * The value an action takes from the defaults: a term piped through
 * neutral pipes and `default X` (also written `default X TERM`).
 */
function actionValue(
  body: string,
  lookUp: ValuesLookup,
  chartLookUp: ValuesLookup | undefined,
): string | undefined {
  const [first, ...pipes] = body.split('|').map(part => part.trim());
  const valueOf = (term: string) => termValue(term, lookUp, chartLookUp);
  const words = first.split(/\s+/);
  let value: Term;
  if (words.length === 1) value = valueOf(words[0]);
  else if (words.length === 3 && words[0] === 'default')
    value = valueOf(words[2]) || valueOf(words[1]);
  else return undefined;
  for (const pipe of pipes) {
    if (NEUTRAL_PIPES.has(pipe)) continue;
    const fallback = /^default\s+(\S+)$/.exec(pipe)?.[1];
    if (fallback === undefined) return undefined;
    if (value === '') value = valueOf(fallback);
  }
  return value === '' ? undefined : value;
}

function resolveImage(
  container: ContainerFacts,
  lines: string[],
  lookUp: ValuesLookup,
  chartLookUp: ValuesLookup | undefined,
): void {
  const image = container.image;
  if (!image?.includes(TEMPLATE_PLACEHOLDER) || container.line === undefined)
    return;
  const line = lines[container.line - 1] ?? '';
  const key = line.indexOf('image:');
  if (key < 0) return;
  const bodies = actionBodies(line, key);
  const parts = image.split(TEMPLATE_PLACEHOLDER);
  if (parts.length - 1 !== bodies.length) return;
  const values = bodies.map(body => actionValue(body, lookUp, chartLookUp));
  let written = '';
  for (let i = 0; i < parts.length; i++) {
    written += parts[i];
    if (i === values.length) break;
    const value = values[i];
    if (value === undefined) {
      // A tag that cannot be told (`default (ternary …)`) leaves the image
      // name, which is what says which server runs.
      if (
        written.endsWith(':') &&
        written.length > 1 &&
        !written.includes('{{')
      )
        container.image = written.slice(0, -1);
      return;
    }
    written += value;
  }
  container.image = written;
}

/** Fills in the images of a chart template's workload from the chart's default values. */
export function resolveTemplatedImages(
  workload: WorkloadFacts,
  chart: ChartTemplate,
): void {
  for (const container of [...workload.initContainers, ...workload.containers])
    resolveImage(container, chart.lines, chart.lookUp, chart.chartLookUp);
}
