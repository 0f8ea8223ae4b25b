import { DockerfileParser, Instruction } from 'dockerfile-ast';
import { DockerCopy, DockerStage, EvidenceProblem } from '../types';
import { lastAtOrBefore } from './lastAtOrBefore';

/**
 * Dockerfile syntax → stages (with `dockerfile-ast`, the parser of VS
 * Code's Docker language server). What the stages mean for the image is
 * derived in `docker/DockerImageAnalysis.ts`.
 */

/** A stage plus what the derivations need and the contract does not carry. */
export interface ParsedStage extends DockerStage {
  /** Index of the stage this one is built `FROM`, when it is an earlier stage. */
  parent?: number;
  /** WORKDIR in effect at each instruction line (absolute image path). */
  workdirAt: Array<{ line: number; dir: string }>;
  /** ENTRYPOINT and CMD separately (the contract joins them); `argv` for the exec form. */
  entrypoint?: { value: string; line: number; argv?: string[] };
  cmd?: { value: string; line: number; argv?: string[] };
  /**
   * RUN, CMD and ENTRYPOINT arguments as written (continuations and
   * comment lines kept, flags left out), by instruction line: what the
   * shell parser reads, with `line` where that text starts.
   */
  rawArguments: Map<number, { text: string; line: number }>;
  /** VOLUME paths: mounted at run time, so not what the image holds there. */
  volumes: Array<{ path: string; line: number }>;
}

export interface ParsedDockerfile {
  stages: ParsedStage[];
  globalArgs: Array<{ name: string; defaultValue?: string; line: number }>;
}

const KNOWN_KEYWORDS = new Set([
  'FROM',
  'RUN',
  'CMD',
  'LABEL',
  'MAINTAINER',
  'EXPOSE',
  'ENV',
  'ADD',
  'COPY',
  'ENTRYPOINT',
  'VOLUME',
  'USER',
  'WORKDIR',
  'ARG',
  'ONBUILD',
  'STOPSIGNAL',
  'HEALTHCHECK',
  'SHELL',
]);

function lineOf(instruction: Instruction): number {
  return instruction.getRange().start.line + 1;
}

/** The `name=value` entries of an ENV or ARG instruction. */
function propertiesOf(
  instruction: Instruction,
): Array<{ getName(): string; getValue(): string | null }> {
  return (
    instruction as unknown as {
      getProperties(): Array<{
        getName(): string;
        getValue(): string | null;
      }>;
    }
  ).getProperties();
}

/** Exec form `["a", "b"]` → its words; undefined for the shell form. */
function execForm(instruction: Instruction): string[] | undefined {
  const content = (instruction.getArgumentsContent() ?? '').trim();
  if (content.startsWith('[')) {
    try {
      const parsed = JSON.parse(content);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // Not valid JSON: Docker runs it in a shell, so keep the text.
    }
  }
  return undefined;
}

/** A CMD/ENTRYPOINT: exec form `["a", "b"]` → `a b` (and its words); shell form as written. */
function command(
  instruction: Instruction,
  line: number,
): { value: string; line: number; argv?: string[] } {
  const content = (instruction.getArgumentsContent() ?? '').trim();
  let argv: string[] | undefined;
  if (content.startsWith('[')) {
    try {
      const parsed = JSON.parse(content);
      if (Array.isArray(parsed)) argv = parsed.map(String);
    } catch {
      // Not valid JSON: Docker runs it in a shell, so keep the text.
    }
  }
  return { value: argv?.join(' ') ?? content, line, argv };
}

/**
 * The arguments as written: the instruction's text after its keyword and
 * flags (`--mount=…`), read from the file (the parser's argument getters
 * re-read the instruction on every call).
 */
function rawArguments(
  instruction: Instruction,
  text: string,
  lineStarts: number[],
): { text: string; line: number } {
  const offset = (p: { line: number; character: number }) =>
    (lineStarts[p.line] ?? text.length) + p.character;
  const end = Math.min(offset(instruction.getRange().end), text.length);
  let i = offset(instruction.getInstructionRange().end);
  for (let guard = 0; guard < end; guard++) {
    while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
    if (text[i] === '\\' && /^\\\r?\n/.test(text.slice(i, i + 3))) {
      i = text.indexOf('\n', i) + 1;
    } else if (text.startsWith('--', i)) {
      while (i < end && !/\s/.test(text[i])) i++;
    } else break;
  }
  let line = instruction.getRange().start.line;
  while (line + 1 < lineStarts.length && lineStarts[line + 1] <= i) line++;
  return { text: text.slice(i, end), line: line + 1 };
}

function copyArguments(instruction: Instruction): string[] {
  const content = (instruction.getArgumentsContent() ?? '').trim();
  const withoutFlags = content.replace(/^(--[\w-]+(=\S*)?\s+)+/, '');
  if (withoutFlags.startsWith('[')) {
    try {
      const parsed = JSON.parse(withoutFlags);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // Fall through to the shell form.
    }
  }
  return instruction.getArguments().map(a => withoutQuotes(a.getValue()));
}

/**
 * A shell-form word as the builder reads it, its quotes removed
 * (`COPY "model.bin" ./` copies `model.bin`). One pass over the word.
 */
function withoutQuotes(word: string): string {
  if (!word.includes('"') && !word.includes("'")) return word;
  let out = '';
  let quote: string | undefined;
  for (const c of word) {
    if (quote === undefined && (c === '"' || c === "'")) quote = c;
    else if (c === quote) quote = undefined;
    else out += c;
  }
  return out;
}

/** Longest path Linux accepts: a longer WORKDIR cannot be created. */
const MAX_PATH = 4096;

function resolveWorkdir(current: string, dir: string): string {
  const resolved = dir.startsWith('/')
    ? dir.replace(/(?<!\/)\/+$/, '') || '/'
    : `${current.replace(/(?<!\/)\/+$/, '')}/${dir}`.replace(/(?<!\/)\/+$/, '');
  // Thousands of relative WORKDIRs would otherwise build ever longer paths.
  return resolved.length > MAX_PATH ? current : resolved;
}

export function parseDockerfile(
  path: string,
  text: string,
  problems: EvidenceProblem[],
): ParsedDockerfile | undefined {
  const dockerfile = DockerfileParser.parse(text);
  const lineStarts = [0];
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1))
    lineStarts.push(at + 1);
  const raw = (instruction: Instruction) =>
    rawArguments(instruction, text, lineStarts);
  const stages: ParsedStage[] = [];
  const globalArgs: ParsedDockerfile['globalArgs'] = [];
  // First stage / global ARG of each name: looked up per FROM and ARG.
  const stageIndex = new Map<string, number>();
  const globalArgByName = new Map<
    string,
    ParsedDockerfile['globalArgs'][number]
  >();
  let unknown = 0;
  let current: ParsedStage | undefined;
  let workdir = '/';
  for (const instruction of dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword().toUpperCase();
    const line = lineOf(instruction);
    if (!KNOWN_KEYWORDS.has(keyword)) {
      if (unknown++ < 5) {
        problems.push({
          path,
          line,
          message: `unknown Dockerfile instruction ${keyword.slice(0, 40)}`,
        });
      }
      continue;
    }
    if (keyword === 'FROM') {
      const args = instruction.getArguments().map(a => a.getValue());
      const flagsSkipped = args.filter(a => !a.startsWith('--'));
      const baseImage = flagsSkipped[0] ?? '';
      const asIndex = flagsSkipped.findIndex(a => a.toUpperCase() === 'AS');
      const name = asIndex >= 0 ? flagsSkipped[asIndex + 1] : undefined;
      const parent = stageIndex.get(baseImage.toLowerCase()) ?? -1;
      workdir =
        parent >= 0
          ? stages[parent].workdirAt[stages[parent].workdirAt.length - 1].dir
          : '/';
      current = {
        name: name ?? String(stages.length),
        baseImage,
        line,
        copies: [],
        env: [],
        args: [],
        run: [],
        parent: parent >= 0 ? parent : undefined,
        workdirAt: [{ line, dir: workdir }],
        rawArguments: new Map(),
        volumes: [],
      };
      if (!stageIndex.has(current.name.toLowerCase()))
        stageIndex.set(current.name.toLowerCase(), stages.length);
      stages.push(current);
      continue;
    }
    if (!current) {
      if (keyword === 'ARG') {
        for (const property of propertiesOf(instruction)) {
          const arg = {
            name: property.getName(),
            defaultValue: property.getValue() ?? undefined,
            line,
          };
          globalArgs.push(arg);
          if (!globalArgByName.has(arg.name))
            globalArgByName.set(arg.name, arg);
        }
      }
      continue;
    }
    const stage = current;
    switch (keyword) {
      case 'WORKDIR': {
        workdir = resolveWorkdir(
          workdir,
          (instruction.getArgumentsContent() ?? '').trim(),
        );
        stage.workdirAt.push({ line, dir: workdir });
        break;
      }
      case 'COPY':
      case 'ADD': {
        const args = copyArguments(instruction);
        if (args.length < 2 || args[0].startsWith('<<')) break;
        const fromFlag = (
          instruction as unknown as {
            getFlags?(): Array<{
              getName(): string;
              getValue(): string | null;
            }>;
          }
        )
          .getFlags?.()
          .find(f => f.getName().toLowerCase() === 'from');
        const copy: DockerCopy = {
          line,
          instruction: keyword,
          sources: args.slice(0, -1),
          destination: args[args.length - 1],
        };
        const from = fromFlag?.getValue();
        if (from) copy.from = from;
        stage.copies.push(copy);
        break;
      }
      case 'ENV': {
        for (const property of propertiesOf(instruction)) {
          stage.env.push({
            name: property.getName(),
            value: property.getValue() ?? '',
            line,
          });
        }
        break;
      }
      case 'ARG': {
        for (const property of propertiesOf(instruction)) {
          const inherited = globalArgByName.get(property.getName());
          stage.args.push({
            name: property.getName(),
            defaultValue: property.getValue() ?? inherited?.defaultValue,
            line,
          });
        }
        break;
      }
      case 'RUN':
        stage.run.push({
          command: (instruction.getArgumentsContent() ?? '').trim(),
          line,
        });
        stage.rawArguments.set(line, raw(instruction));
        break;
      case 'CMD':
        stage.cmd = command(instruction, line);
        stage.rawArguments.set(line, raw(instruction));
        break;
      case 'ENTRYPOINT':
        stage.entrypoint = command(instruction, line);
        stage.rawArguments.set(line, raw(instruction));
        break;
      case 'VOLUME': {
        const paths =
          execForm(instruction) ??
          instruction.getArguments().map(a => a.getValue());
        for (const volume of paths) stage.volumes.push({ path: volume, line });
        break;
      }
      case 'HEALTHCHECK': {
        const value = (instruction.getArgumentsContent() ?? '').trim();
        if (value.toUpperCase() !== 'NONE') stage.healthcheck = { value, line };
        break;
      }
      default:
    }
  }
  if (stages.length === 0) {
    problems.push({
      path,
      message: 'no FROM instruction: not a usable Dockerfile',
    });
    return undefined;
  }
  // Stages built FROM an earlier stage inherit its command and healthcheck.
  for (const stage of stages) {
    const parent =
      stage.parent !== undefined ? stages[stage.parent] : undefined;
    if (!parent) continue;
    // An ENTRYPOINT of its own resets the inherited CMD (Docker semantics).
    if (!stage.cmd && !stage.entrypoint) stage.cmd = parent.cmd;
    stage.entrypoint ??= parent.entrypoint;
    stage.healthcheck ??= parent.healthcheck;
    for (const [line, argumentText] of parent.rawArguments)
      if (!stage.rawArguments.has(line))
        stage.rawArguments.set(line, argumentText);
    stage.volumes.unshift(...parent.volumes);
  }
  for (const stage of stages) {
    const parts = [stage.entrypoint, stage.cmd].filter(Boolean) as Array<{
      value: string;
      line: number;
    }>;
    if (parts.length > 0) {
      stage.command = {
        value: parts.map(p => p.value).join(' '),
        line: parts[0].line,
      };
    }
  }
  return { stages, globalArgs };
}

/** WORKDIR in effect at a line of a stage. */
export function workdirAt(stage: ParsedStage, line: number): string {
  return (lastAtOrBefore(stage.workdirAt, line) ?? stage.workdirAt[0]).dir;
}

/** Strips the fields the contract does not carry. */
export function toContractStage(stage: ParsedStage): DockerStage {
  const {
    parent: _parent,
    workdirAt: _workdirAt,
    entrypoint: _e,
    cmd: _c,
    rawArguments: _r,
    volumes: _v,
    ...rest
  } = stage;
  return rest;
}
