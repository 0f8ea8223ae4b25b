import { isMap, isScalar, isSeq, YAMLMap } from 'yaml';
import { RepositoryEvidence } from '../../types';
import { memoizedPer } from '../memoizedPer';
import { dirName, joinPath } from '../paths';
import {
  ParsedYaml,
  parseYamlDocuments,
  singleYamlDocument,
  YamlNav,
} from '../yamlDocuments';
import { azureReleasesOnly } from './azureImageRelease';

type CiEntry = RepositoryEvidence['ci'][number];

/** Keys that make a map one Azure Pipelines step, job or stage. */
const STEP_KEYS = new Set([
  'script',
  'bash',
  'pwsh',
  'powershell',
  'task',
  'template',
  'checkout',
  'download',
  'publish',
  'downloadBuild',
  'getPackage',
  'reviewApp',
]);
const JOB_KEYS = new Set(['job', 'deployment', 'template']);
const STAGE_KEYS = new Set(['stage', 'template']);

/** Most nodes walked for `template:` references in one file. */
const MAX_NODES = 20000;

/** What an Azure Pipelines file says about when it runs and what it includes. */
export interface AzurePipelineReading {
  /** The line that shows when it runs: its `pr:` or `trigger:` key (1 when both are left at their defaults). */
  line: number;
  /** Set when it never runs on a change to the code. */
  doesNotCheck?: string;
  /** Template files it includes, as written (`x.yml`, never `x.yml@repo`). */
  templates: string[];
}

function everyItemHasKey(
  nav: YamlNav,
  root: unknown,
  key: string,
  keys: ReadonlySet<string>,
): boolean {
  const items = nav.items(root, key);
  return (
    items.length > 0 &&
    items.every(item =>
      nav.entries(item).some(([itemKey]) => keys.has(itemKey)),
    )
  );
}

/**
 * Is this YAML an Azure Pipelines definition (or template)? Its root is a
 * map with no Kubernetes `apiVersion`/`kind`, and `steps`, `jobs` or
 * `stages` is a list whose every item is an Azure step, job or stage
 * (GitLab's `stages:` is a list of names, GitHub's `jobs:` a map), or it
 * `extends` a template.
 */
function isAzurePipeline(nav: YamlNav, root: unknown): boolean {
  if (!nav.isMap(root)) return false;
  if (nav.get(root, 'apiVersion') !== undefined) return false;
  if (nav.get(root, 'kind') !== undefined) return false;
  return (
    everyItemHasKey(nav, root, 'steps', STEP_KEYS) ||
    everyItemHasKey(nav, root, 'jobs', JOB_KEYS) ||
    everyItemHasKey(nav, root, 'stages', STAGE_KEYS) ||
    nav.str(root, 'extends', 'template') !== undefined
  );
}

/** `trigger: none`, `pr: none` (or `false`). */
function isNone(nav: YamlNav, node: unknown): boolean {
  const value = nav.str(node);
  return value === 'none' || value === 'false';
}

/** A `trigger:` that fires only on tags (no branch filter). */
function tagsOnly(nav: YamlNav, node: unknown): boolean {
  if (!nav.isMap(node)) return false;
  const keys = new Set(nav.entries(node).map(([key]) => key));
  return keys.has('tags') && !keys.has('branches');
}

/** Does another pipeline's completion, or a change in another repository, start this one? */
function triggeredByResources(nav: YamlNav, root: unknown): boolean {
  for (const kind of ['pipelines', 'repositories', 'containers']) {
    for (const resource of nav.items(root, 'resources', kind)) {
      const trigger = nav.get(resource, 'trigger');
      if (trigger !== undefined && !isNone(nav, trigger)) return true;
    }
  }
  return false;
}

/** Every `template:` value of the document (bounded walk). */
function templateReferences(root: unknown): string[] {
  const found: string[] = [];
  const stack: unknown[] = [root];
  let budget = MAX_NODES;
  while (stack.length > 0 && budget-- > 0) {
    const node = stack.pop();
    if (isSeq(node)) {
      stack.push(...node.items);
    } else if (isMap(node)) {
      for (const pair of (node as YAMLMap).items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key === 'template' && isScalar(pair.value)) {
          const value = String(pair.value.value ?? '');
          if (value !== '' && !value.includes('@')) found.push(value);
        } else {
          stack.push(pair.value);
        }
      }
    }
  }
  return found;
}

/**
 * When an Azure pipeline runs. Left out, `trigger` runs it on every push
 * and `pr` on every pull request; it checks no change only when both are
 * `none` (or pushes of tags only) and no other pipeline or repository
 * triggers it: then it runs on a schedule, by hand or on a release. One
 * that only builds, pushes or deploys images after a change has landed
 * checks none either (`azureImageRelease.ts`).
 */
export function readAzurePipeline(
  parsed: ParsedYaml,
): AzurePipelineReading | undefined {
  const single = singleYamlDocument(parsed);
  if (!single) return undefined;
  const { nav, root } = single;
  if (!isAzurePipeline(nav, root)) return undefined;
  const keyLine = (key: string): number | undefined => {
    const entry = nav.entries(root).find(([name]) => name === key);
    return entry ? parsed.lineOf(entry[2]) : undefined;
  };
  const templates = templateReferences(root);
  const trigger = nav.get(root, 'trigger');
  const pr = nav.get(root, 'pr');
  const noPush =
    trigger !== undefined && (isNone(nav, trigger) || tagsOnly(nav, trigger));
  const noPr = pr !== undefined && isNone(nav, pr);
  if (noPush && noPr && !triggeredByResources(nav, root)) {
    let when = 'by hand';
    if (nav.items(root, 'schedules').length > 0) when = 'on a schedule';
    else if (tagsOnly(nav, trigger)) when = 'when a tag is pushed';
    return {
      line: keyLine('trigger') ?? 1,
      doesNotCheck: `runs only ${when} (no push or pull-request trigger)`,
      templates,
    };
  }
  // What included templates run, or what starts the pipeline, is elsewhere.
  const release =
    templates.length === 0 && !triggeredByResources(nav, root)
      ? azureReleasesOnly(nav, root, parsed.lineOf)
      : undefined;
  if (release)
    return { line: release.line, doesNotCheck: release.reason, templates };
  const line =
    (pr !== undefined && !noPr ? keyLine('pr') : undefined) ??
    (trigger !== undefined && !noPush ? keyLine('trigger') : undefined) ??
    (noPush && noPr ? keyLine('resources') : undefined) ??
    1;
  return { line, templates };
}

/** Reads an Azure Pipelines file's text; undefined when it is none or cannot be read. */
export function readAzurePipelineText(
  path: string,
  text: string,
): AzurePipelineReading | undefined {
  return readAzurePipeline(parseYamlDocuments(path, text, []));
}

/** Per analysis: the content-found pipelines and the files they include. */
interface FoundPipelines {
  entries: Map<string, CiEntry>;
  included: Set<string>;
}
const foundIn = memoizedPer(
  (_: RepositoryEvidence): FoundPipelines => ({
    entries: new Map(),
    included: new Set(),
  }),
);

/**
 * Adds an Azure Pipelines file found by its content (they live under any
 * name: `.pipelines/pr.yml`, `ci/build.yml`, …) to the evidence's CI;
 * false when the YAML is none. A file another one includes as a
 * `template:` is part of the pipelines that include it, not a pipeline of
 * its own: whichever of the two is read first, it is left out.
 */
export function addAzurePipeline(
  evidence: RepositoryEvidence,
  path: string,
  parsed: ParsedYaml,
): boolean {
  const reading = readAzurePipeline(parsed);
  if (!reading) return false;
  const found = foundIn(evidence);
  for (const template of reading.templates) {
    // `/x.yml` is from the repository root.
    const included = joinPath(dirName(path), template);
    if (included === undefined) continue;
    found.included.add(included);
    const entry = found.entries.get(included);
    if (entry) {
      found.entries.delete(included);
      evidence.ci.splice(evidence.ci.indexOf(entry), 1);
    }
  }
  if (found.included.has(path)) return true;
  const entry: CiEntry = {
    path,
    line: reading.line,
    kind: 'azure-pipelines',
    ...(reading.doesNotCheck ? { doesNotCheck: reading.doesNotCheck } : {}),
  };
  found.entries.set(path, entry);
  evidence.ci.push(entry);
  return true;
}
