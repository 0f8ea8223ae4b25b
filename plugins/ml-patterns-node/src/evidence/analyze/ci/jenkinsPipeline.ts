import { fixedBranches } from './proposedChanges';
import { GroovyToken, groovyTokens, matchingBrackets } from './groovyTokens';
import {
  releasedAfterLanding,
  ReleaseOnlyFinding,
  ReleaseSteps,
} from './releaseOnlySteps';

/**
 * A declarative Jenkinsfile (`pipeline { stages { … } }`): does it only
 * build, push or deploy images after a change has landed? A multibranch
 * pipeline runs every stage on every branch pushed and pull request,
 * unless the stage's `when` keeps it to a named branch, a tag, or runs
 * started by a timer or a person. Stages that may run on a proposed
 * change may only prepare (checkout, echo); the others may only build,
 * push or deploy: `sh` steps per `imageReleaseSteps.ts`, `docker.build`,
 * `image.push()`, inside `script`, `dir`, `withCredentials` and the like.
 * Any other step may check something. Scripted pipelines are not read.
 * Undefined otherwise.
 */

/** Steps that prepare or report, checking nothing. */
const SETUP_STEPS = new Set([
  'echo',
  'checkout',
  'git',
  'deleteDir',
  'cleanWs',
  'archiveArtifacts',
  'stash',
  'unstash',
  'sleep',
  'milestone',
  'writeFile',
  'error',
  'println',
]);

/** Steps that wrap a block of steps (`dir('x') { … }`). */
const WRAPPERS = new Set([
  'script',
  'dir',
  'withCredentials',
  'withEnv',
  'withDockerRegistry',
  'withDockerServer',
  'withKubeConfig',
  'withAWS',
  'timeout',
  'retry',
  'container',
  'sshagent',
  'ansiColor',
  'timestamps',
  'lock',
  'withRegistry',
]);

/** Stage sections that hold stages. */
const STAGE_LISTS = new Set(['stages', 'parallel']);

/** Conditions in `when` that hold only after a change lands. */
const LANDED_CONDITIONS = new Set(['buildingTag', 'tag', 'triggeredBy']);

/** An `expression { … }` naming one branch (`env.BRANCH_NAME == 'main'`) or a tag, without `||`. */
const LANDED_EXPRESSION =
  /\b(?:BRANCH_NAME|GIT_BRANCH)\s*==\s*['"]?[\w./-]+['"]?|\bTAG_NAME\b/;

interface Child {
  name: string;
  /** Index of the first token inside its block, and of its closing `}`. */
  start: number;
  end: number;
  /** The tokens between the name and the block (`('Build')`, `'main'`). */
  head: GroovyToken[];
}

class JenkinsReader {
  readonly steps = new ReleaseSteps();
  private readonly match: Int32Array;

  constructor(private readonly tokens: GroovyToken[]) {
    this.match = matchingBrackets(tokens);
  }

  /**
   * The named entries of a block: `name {`, `name(…) {`, `name 'x'`
   * (then `end` is -1), in order; other tokens are skipped.
   */
  children(start: number, end: number): Child[] {
    const children: Child[] = [];
    let i = start;
    while (i < end) {
      const token = this.tokens[i];
      if (token.kind !== 'id') {
        i = this.skip(i) + 1;
        continue;
      }
      let j = i + 1;
      const head: GroovyToken[] = [];
      while (
        j < end &&
        this.tokens[j].kind !== 'nl' &&
        this.tokens[j].text !== ';' &&
        this.tokens[j].text !== '{'
      ) {
        const close = this.match[j];
        const stop = close > j ? close : j;
        for (let k = j; k <= stop; k++) head.push(this.tokens[k]);
        j = stop + 1;
      }
      // The block may open on the next line (`stage('x')` then `{`).
      let k = j;
      while (k < end && this.tokens[k].kind === 'nl') k++;
      if (k < end && this.tokens[k].text === '{') j = k;
      if (j < end && this.tokens[j].text === '{' && this.match[j] > j) {
        children.push({
          name: token.text,
          start: j + 1,
          end: this.match[j],
          head,
        });
        i = this.match[j] + 1;
      } else {
        children.push({ name: token.text, start: j, end: -1, head });
        i = j + 1;
      }
    }
    return children;
  }

  /** Past a bracketed group starting at `i`, else `i`. */
  private skip(i: number): number {
    const close = this.match[i];
    return close > i ? close : i;
  }

  pipeline(): boolean | undefined {
    const top = this.children(0, this.tokens.length);
    const pipeline = top.find(c => c.name === 'pipeline' && c.end >= 0);
    if (!pipeline) return undefined;
    for (const section of this.children(pipeline.start, pipeline.end)) {
      if (section.name === 'stages') {
        if (!this.stages(section, false)) return false;
      } else if (section.name === 'post') {
        if (!this.post(section, false)) return false;
      }
    }
    return true;
  }

  private stages(list: Child, landed: boolean, depth = 0): boolean {
    if (list.end < 0 || depth > 4) return false;
    for (const stage of this.children(list.start, list.end)) {
      if (stage.name !== 'stage') continue;
      // A stage whose block cannot be told apart: what it runs is not known.
      if (stage.end < 0) return false;
      const parts = this.children(stage.start, stage.end);
      const when = parts.find(p => p.name === 'when');
      const stageLanded =
        landed || (when !== undefined && this.whenLanded(when));
      for (const part of parts) {
        if (part.name === 'steps' && !this.block(part, stageLanded))
          return false;
        if (
          STAGE_LISTS.has(part.name) &&
          !this.stages(part, stageLanded, depth + 1)
        )
          return false;
        if (part.name === 'post' && !this.post(part, stageLanded)) return false;
        if (part.name === 'matrix') return false;
      }
    }
    return true;
  }

  private post(post: Child, landed: boolean): boolean {
    if (post.end < 0) return false;
    for (const condition of this.children(post.start, post.end))
      if (condition.end < 0 || !this.block(condition, landed)) return false;
    return true;
  }

  private whenLanded(when: Child): boolean {
    if (when.end < 0) return false;
    const conditions = this.children(when.start, when.end).filter(
      c => !c.name.startsWith('before'),
    );
    // Conditions side by side must all hold: one after landing is enough.
    return conditions.some(c => this.conditionLanded(c));
  }

  private conditionLanded(condition: Child): boolean {
    const { name, head } = condition;
    if (name === 'branch') {
      const value = head.find(t => t.kind === 'str');
      return (
        value !== undefined &&
        !head.some(t => t.text === 'pattern' || t.text === 'comparator') &&
        fixedBranches([value.text])
      );
    }
    if (LANDED_CONDITIONS.has(name)) return true;
    if (condition.end < 0) return false;
    if (name === 'expression') {
      const text = this.tokens
        .slice(condition.start, condition.end)
        .map(t => (t.kind === 'str' ? `'${t.text}'` : t.text))
        .join(' ')
        .replace(/= =/g, '==');
      return LANDED_EXPRESSION.test(text) && !/\| \||!/.test(text);
    }
    const inner = this.children(condition.start, condition.end);
    if (name === 'anyOf')
      return inner.length > 0 && inner.every(c => this.conditionLanded(c));
    if (name === 'allOf') return inner.some(c => this.conditionLanded(c));
    return false;
  }

  /** The steps of a block; false once one may check something, or releases on a proposed change. */
  private block(block: Child, landed: boolean, depth = 0): boolean {
    if (depth > 6) return false;
    const released = this.steps.released.length;
    let i = block.start;
    while (i < block.end) {
      const token = this.tokens[i];
      if (token.kind === 'nl' || token.text === ';') {
        i++;
        continue;
      }
      const end = this.statementEnd(i, block.end);
      if (!this.statement(i, end, landed, depth)) return false;
      i = end + 1;
    }
    return landed || this.steps.released.length === released;
  }

  /** The index of the token ending the statement at `i` (a newline, `;`, or a block's `}`). */
  private statementEnd(i: number, end: number): number {
    let j = i;
    while (j < end) {
      const token = this.tokens[j];
      if (token.kind === 'nl' || token.text === ';') return j;
      if (token.text === '{' && this.match[j] > j) return this.match[j];
      j = this.skip(j) + 1;
    }
    return end;
  }

  private statement(
    i: number,
    end: number,
    landed: boolean,
    depth: number,
  ): boolean {
    const words = this.tokens.slice(i, end + 1);
    const first = words[0];
    if (first.kind !== 'id') return this.mayCheck();
    const name = first.text;
    if (name === 'sh') return this.shell(words);
    if (SETUP_STEPS.has(name)) return true;
    const open = words.findIndex(t => t.text === '{');
    const dotted = words
      .filter(t => t.kind === 'id' || t.text === '.')
      .map(t => t.text)
      .join('');
    if (
      open > 0 &&
      (WRAPPERS.has(name) || dotted.startsWith('docker.withRegistry'))
    )
      return this.block(
        { name, start: i + open + 1, end: this.match[i + open], head: [] },
        landed,
        depth + 1,
      );
    if (
      open < 0 &&
      (/\bdocker\.build\(?$/.test(dotted) || /docker\.build/.test(dotted))
    ) {
      this.steps.step('release', first.line, 'docker.build');
      return true;
    }
    if (
      open < 0 &&
      /^\w+(?:\.\w+)*\.push$/.test(dotted) &&
      !dotted.startsWith('git')
    ) {
      this.steps.step('release', first.line, 'docker push');
      return true;
    }
    return this.mayCheck();
  }

  /** `sh 'cmd'`, `sh """…"""`, `sh(script: '…')`, `sh script: '…'`. */
  private shell(words: GroovyToken[]): boolean {
    const rest = words.slice(1).filter(t => t.kind !== 'nl' && t.text !== ';');
    const inner = rest[0]?.text === '(' ? rest.slice(1, -1) : rest;
    const script =
      inner[0]?.kind === 'str' && inner.length === 1
        ? inner[0]
        : inner.find(
            (t, k) => t.kind === 'str' && inner[k - 2]?.text === 'script',
          );
    if (script === undefined) return this.mayCheck();
    this.steps.script(script.text, script.line);
    return !this.steps.mayCheck;
  }

  private mayCheck(): boolean {
    this.steps.other();
    return false;
  }
}

/**
 * Why a declarative Jenkinsfile checks nothing about a change, at its
 * first release step; undefined when it may.
 */
export function jenkinsReleasesOnly(
  text: string,
): ReleaseOnlyFinding | undefined {
  if (!/\bpipeline\s*\{/.test(text)) return undefined;
  const tokens = groovyTokens(text);
  if (!tokens) return undefined;
  const reader = new JenkinsReader(tokens);
  if (reader.pipeline() !== true) return undefined;
  return releasedAfterLanding(reader.steps);
}
