import { ContainerFacts, WorkloadFacts } from '../../types';
import { TEMPLATE_PLACEHOLDER } from '../yamlDocuments';
import { ValuesLookup } from './helmConditions';
import { ChartTemplate } from './helmTemplates';

/**
 * A chart's container image written as values (`image: {{
 * .Values.server.image }}`, `"{{ .Values.image.repository }}:{{
 * .Values.image.tag }}"`) is the image the chart's default values name:
 * which server runs is read from it. Only plain `.Values` references
 * (optionally piped to `quote`) are filled in; anything else keeps the
 * image unknown.
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

/** The value a `.Values.a.b` action (piped to `quote` at most) takes from the defaults. */
function actionValue(body: string, lookUp: ValuesLookup): string | undefined {
  const [reference, ...pipes] = body.split('|').map(part => part.trim());
  if (pipes.some(pipe => !NEUTRAL_PIPES.has(pipe))) return undefined;
  const prefix = ['$.Values.', '.Values.'].find(p => reference.startsWith(p));
  if (prefix === undefined) return undefined;
  const path = reference.slice(prefix.length);
  const keys = path.split('.');
  if (keys.some(key => !/^\w+$/.test(key))) return undefined;
  const found = lookUp(keys);
  if (!found.found) return undefined;
  const { value } = found;
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).trim();
  return text === '' || text.includes('{{') ? undefined : text;
}

function resolveImage(
  container: ContainerFacts,
  lines: string[],
  lookUp: ValuesLookup,
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
  const values = bodies.map(body => actionValue(body, lookUp));
  if (values.some(value => value === undefined)) return;
  container.image = parts
    .map((part, i) => (i < values.length ? `${part}${values[i]}` : part))
    .join('');
}

/** Fills in the images of a chart template's workload from the chart's default values. */
export function resolveTemplatedImages(
  workload: WorkloadFacts,
  chart: ChartTemplate,
): void {
  for (const container of [...workload.initContainers, ...workload.containers])
    resolveImage(container, chart.lines, chart.lookUp);
}
