import { workflowOnBlockAt } from '../repositoryContext/workflowOnBlock';
import { parseYamlDocuments, YamlNav } from '../yamlDocuments';

/**
 * Events that start a GitHub workflow without any change to the code: a
 * schedule, a person pressing "Run workflow", a release, activity on
 * issues and the like. (`workflow_call`, `workflow_run` and
 * `issue_comment` are not here: they often run checks of a change.)
 */
const NOT_CHANGES: Record<string, string> = {
  schedule: 'on a schedule',
  workflow_dispatch: 'when started by hand',
  release: 'on a release',
  repository_dispatch: 'when called from outside',
  create: 'when a branch or tag is created',
  delete: 'when a branch or tag is deleted',
  deployment: 'on a deployment',
  deployment_status: 'on a deployment',
  issues: 'on issue activity',
  discussion: 'on discussion activity',
  discussion_comment: 'on discussion activity',
  fork: 'when the repository is forked',
  watch: 'when the repository is starred',
  label: 'when labels change',
  milestone: 'when milestones change',
  gollum: 'when the wiki changes',
  page_build: 'when GitHub Pages are built',
  public: 'when the repository is made public',
  registry_package: 'when a package is published',
  project: 'on project board activity',
  project_card: 'on project board activity',
  project_column: 'on project board activity',
};

/**
 * Text that may start a workflow only without changes: one of the events
 * above, or `tags` (a push of tags only). Without one in its `on:` entry
 * (or in the whole text, when the entry cannot be cut out line by line),
 * the workflow's triggers are not parsed for this.
 */
export const MAY_NOT_RUN_ON_CHANGES = new RegExp(
  `\\b(?:${[...Object.keys(NOT_CHANGES), 'tags'].join('|')})\\b`,
);

/**
 * Events that run on changes, but `push` (only its branch and tag filters
 * tell): named in the `on:` entry, the workflow runs on changes and is not
 * parsed for this.
 */
const CHANGE_EVENT =
  /\b(?:pull_request(?:_target|_review|_review_comment)?|merge_group|workflow_call|workflow_run|issue_comment)\b/;
const PUSH = /\bpush\b/;
const COMMENT_LINE = /^[ \t]*#/;
const TAGS = /\btags\b/;

/** Why a workflow never runs on a change to the code, and the line of its `on:` key. */
export interface NoChangeTrigger {
  line: number;
  reason: string;
}

/**
 * The `on:` entry of a workflow (its key node and value), parsed alone
 * when it can be cut out line by line, else from the whole text.
 */
function onEntry(
  text: string,
): { nav: YamlNav; value: unknown; line: number } | undefined {
  const block = workflowOnBlockAt(text);
  const source = block?.text ?? text;
  // Triggers are often switched off by commenting them out.
  const written = withoutCommentLines(source);
  if (
    !MAY_NOT_RUN_ON_CHANGES.test(written) ||
    CHANGE_EVENT.test(written) ||
    (PUSH.test(written) && !TAGS.test(written))
  )
    return undefined;
  const lineOffset = block ? lineAt(text, block.start) - 1 : 0;
  const parsed = parseYamlDocuments('workflow', source, [], {
    keepBraces: true,
  });
  const document = parsed.documents[0];
  if (!document) return undefined;
  const nav = new YamlNav(document.doc);
  for (const [key, value, keyNode] of nav.entries(document.root)) {
    // YAML 1.1 reads an unquoted `on` as true.
    if (key === 'on' || key === 'true') {
      const line = parsed.lineOf(keyNode);
      return line === undefined
        ? undefined
        : { nav, value, line: line + lineOffset };
    }
  }
  return undefined;
}

function withoutCommentLines(text: string): string {
  return text
    .split('\n')
    .filter(line => !COMMENT_LINE.test(line))
    .join('\n');
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; ) {
    line++;
    i = text.indexOf('\n', i + 1);
  }
  return line;
}

/** A `push` trigger filtered to tags only (no branch filter) runs on releases, not on changes. */
function pushesTagsOnly(nav: YamlNav, config: unknown): boolean {
  const keys = new Set(nav.entries(config).map(([key]) => key));
  return (
    (keys.has('tags') || keys.has('tags-ignore')) &&
    !keys.has('branches') &&
    !keys.has('branches-ignore')
  );
}

/**
 * Does this GitHub workflow start only on events that are no change to
 * the code (a schedule, by hand, a release, a tag push)? Undefined when
 * it runs on changes, or when its triggers cannot be read (taken to run).
 */
export function noChangeTrigger(text: string): NoChangeTrigger | undefined {
  const entry = onEntry(text);
  if (!entry) return undefined;
  const { nav, value, line } = entry;
  const events: Array<[string, unknown]> = nav.isMap(value)
    ? nav.entries(value).map(([key, config]) => [key, config])
    : nav.strings(value).map(name => [name, undefined]);
  if (events.length === 0) return undefined;
  const phrases: string[] = [];
  for (const [event, config] of events) {
    let phrase: string | undefined = NOT_CHANGES[event];
    if (event === 'push' && pushesTagsOnly(nav, config))
      phrase = 'when a tag is pushed';
    if (phrase === undefined) return undefined;
    if (!phrases.includes(phrase)) phrases.push(phrase);
  }
  return { line, reason: `runs only ${phrases.join(' or ')}` };
}
