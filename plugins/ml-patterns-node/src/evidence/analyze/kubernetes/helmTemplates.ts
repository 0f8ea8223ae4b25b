import { memoizedPerName } from '../memoizedPer';
import { ancestorsOf } from '../paths';
import { chooseTemplateBranches, ChosenTemplate } from './helmBranches';
import { ValuesLookup } from './helmConditions';
import { chartValuesLookup, templateReference } from './helmValues';

/**
 * A YAML file with Go template actions, read as a render with the chart's
 * default values would produce it: of each `if`/`else` block, the branch
 * the chart's `values.yaml` takes (see helmBranches). The values of a
 * chart are read once per analysis (keyed by the analysis' `textOf`).
 */

type TextOf = (path: string) => string | undefined;

/** The chart folder of a template: the nearest folder above with a Chart.yaml. */
function chartOf(path: string, textOf: TextOf): string | undefined {
  return ancestorsOf(path)
    .reverse()
    .find(
      dir => textOf(dir ? `${dir}/Chart.yaml` : 'Chart.yaml') !== undefined,
    );
}

const valuesOf = memoizedPerName(
  (textOf: TextOf, valuesPath: string): ValuesLookup =>
    chartValuesLookup(valuesPath, textOf(valuesPath)),
);

/**
 * The chart's own values.yaml; a chart that ships none is installed with
 * the values file the repository keeps beside it (`helm install -f
 * values.yaml`): the nearest one in a folder above the chart.
 */
function valuesPathOf(chart: string, textOf: TextOf): string {
  const own = chart ? `${chart}/values.yaml` : 'values.yaml';
  if (textOf(own) !== undefined) return own;
  const above = ancestorsOf(chart)
    .reverse()
    .filter(dir => dir !== chart)
    .map(dir => (dir ? `${dir}/values.yaml` : 'values.yaml'))
    .find(candidate => textOf(candidate) !== undefined);
  return above ?? own;
}

/** The values file of the chart a template belongs to, read once per analysis. */
export function chartValuesOf(
  path: string,
  textOf: TextOf,
):
  | {
      /** The chart's folder (`` for the root). */
      chart: string;
      valuesPath: string;
      lookUp: ValuesLookup;
      chartLookUp: ValuesLookup;
    }
  | undefined {
  const chart = chartOf(path, textOf);
  if (chart === undefined) return undefined;
  const chartPath = chart ? `${chart}/Chart.yaml` : 'Chart.yaml';
  const valuesPath = valuesPathOf(chart, textOf);
  return {
    chart,
    valuesPath,
    lookUp: valuesOf(textOf, valuesPath),
    // Chart.yaml is read like a values file: `.Chart.AppVersion` is its `appVersion`.
    chartLookUp: valuesOf(textOf, chartPath),
  };
}

/** A value a template line takes from the chart's defaults, and where the values file sets it. */
export interface TemplateValue {
  value: string;
  /** `values.yaml:12 model.path`. */
  from: string;
}

/** A chart template's own lines and its chart's default values. */
export interface ChartTemplate {
  lines: string[];
  lookUp: ValuesLookup;
  valuesPath: string;
  /** The chart's Chart.yaml fields (`appVersion`, `version`, `name`). */
  chartLookUp?: ValuesLookup;
}

export interface ReadTemplate extends ChosenTemplate {
  /** Set for a template in a chart. */
  chart?: ChartTemplate;
}

/** The template with the branches a default render leaves out blanked (lines kept). */
export function readTemplateBranches(
  path: string,
  text: string,
  textOf: TextOf,
): ReadTemplate {
  // Only blocks with alternatives or conditions matter; most YAML has none.
  if (!text.includes('{{')) return { text, choices: [] };
  const values = chartValuesOf(path, textOf);
  const chosen = chooseTemplateBranches(
    text,
    values?.lookUp ?? (() => ({ found: false })),
    values?.valuesPath ?? 'values.yaml',
  );
  return values
    ? { ...chosen, chart: { ...values, lines: text.split('\n') } }
    : chosen;
}

/** The value of the `.Values` reference on a line of the template (1-based), from the defaults. */
export function templateValueAt(
  chart: ChartTemplate,
  line: number,
): TemplateValue | undefined {
  const keys = templateReference(chart.lines[line - 1] ?? '');
  if (!keys || keys[0] !== 'Values' || keys.length < 2) return undefined;
  const found = chart.lookUp(keys.slice(1));
  if (!found.found) return undefined;
  const { value } = found;
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  return {
    value: String(value),
    from: `${chart.valuesPath}${
      found.line !== undefined ? `:${found.line}` : ''
    } ${keys.slice(1).join('.')}`,
  };
}
