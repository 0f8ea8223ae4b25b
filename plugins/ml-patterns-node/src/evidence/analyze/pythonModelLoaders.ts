import { ModelLoaderFacts } from '../types';
import { isModelFilePath } from './modelFiles';
import { ancestorsOf, baseName, dirName, FileTree, joinPath } from './paths';
import {
  annotatedField,
  assignedName,
  callPattern,
  comprehensionTargets,
  forLoopHeader,
  withOpenAs,
  withoutTrailingCalls,
} from './pythonLines';
import {
  blankCommentsAndDocstrings,
  closingBracket,
  indentOf,
  parseArguments,
  splitTopLevel,
} from './pythonSource';
import { LineIndex } from './text';

/**
 * Finds the places in Python code that load a model, and whether the model
 * is chosen by configuration, is a literal path, is downloaded, or is one
 * of several loaded in a loop. A line/regex scanner with a little variable
 * tracking (assignments, loop variables, one level of helper functions,
 * constructor arguments kept in `self.x`, class attributes and pydantic
 * settings fields) that follows simple imports between the modules of the
 * same folder tree (`from src.configurations import ModelConfigurations`,
 * `from .config import settings`, `import config`).
 */

/** Loader functions, by canonical dotted name (after import aliases are resolved). */
const LOADERS = new Set([
  'joblib.load',
  'pickle.load',
  'cloudpickle.load',
  'dill.load',
  'torch.load',
  'torch.jit.load',
  'tensorflow.keras.models.load_model',
  'tensorflow.keras.saving.load_model',
  'keras.models.load_model',
  'keras.saving.load_model',
  'tf_keras.models.load_model',
  'tensorflow.saved_model.load',
  'onnxruntime.InferenceSession',
  'lightgbm.Booster',
  'xgboost.Booster',
  'transformers.pipeline',
  'ultralytics.YOLO',
  'sentence_transformers.SentenceTransformer',
  'spacy.load',
]);

/** Calls that fetch from the Hugging Face hub when given a hub id. */
const HUB_CALLS = /from_pretrained|pipeline|SentenceTransformer/;

/** Receivers of `.from_pretrained` that are not models. */
const NOT_A_MODEL =
  /(Tokeni[sz]er\w*|Processor|Config|FeatureExtractor|Scheduler|GenerationConfig)$/;

const TARGET_KEYWORDS = [
  'model_file',
  'model_uri',
  'path_or_bytes',
  'pretrained_model_name_or_path',
  'model_name_or_path',
  'model_path',
  'model_name',
  'filepath',
  'export_dir',
  'path',
  'f',
  'file',
  'filename',
];

const REMOTE =
  /^(s3|gs|gcs|https?|hf|models|runs|azureml|wasbs?|abfss?|dbfs|oci|pvc):\/?\//i;

const CONFIG_ACCESS =
  /\b(?:os\.environ|environ)\s*(?:\.get\s*\(\s*|\[\s*)["']([\w.-]+)["']|\b(?:os\.)?getenv\s*\(\s*["']([\w.-]+)["']|\b((?:self\.)?(?:settings|config|cfg|conf|args|opt|opts|params|hparams|FLAGS|options|conf_dict|app\.config)(?:\.\w+|\[\s*["'][\w.-]+["']\s*\])+)|\b(get_settings|get_config|load_config)\s*\(|\bsys\.argv\b/;

const MULTI = /\b(glob|iglob|rglob|listdir|iterdir|scandir|os\.walk)\s*\(/;

// `[^\S\n\r\u2028\u2029]*`: the blanks of one line (`\s*` would cross lines,
// rescanning every blank line from each line start).
const SERVING_IMPORT =
  /^[^\S\n\r\u2028\u2029]*(?:from|import)\s+(fastapi|flask|starlette|bentoml|kserve|ray\.serve|ray\s+import\s+serve|grpc|gradio|streamlit|litserve|tornado|aiohttp|sanic|django|falcon|mlserver|seldon_core|triton_python_backend_utils|cog|sagemaker_inference|ts\.torch_handler|uvicorn)\b/m;

interface Value {
  literal?: string;
  configured: boolean;
  configKey?: string;
  multiple: boolean;
}

interface Assignment {
  name: string;
  line: number;
  expr: string;
  indent: number;
}

interface ClassDef {
  name: string;
  bases: string[];
  start: number;
  end: number;
  /** Indentation of the `class` line. */
  indent: number;
}

/** An annotated class field without a value (`model_path: str`), as pydantic settings declare them. */
interface Field {
  name: string;
  line: number;
}

/** pydantic `BaseSettings` (v1 `pydantic`, v2 `pydantic_settings`): its fields are read from the environment. */
const SETTINGS_BASE = /(?:^|\.)BaseSettings$/;

interface Loop {
  names: string[];
  start: number;
  end: number;
  iter: string;
}

interface FunctionDef {
  name: string;
  params: string[];
  start: number;
  end: number;
  indent: number;
}

function isTestFile(path: string): boolean {
  const name = baseName(path);
  return (
    /(^|\/)(tests?|testing)\//.test(path) ||
    /^test_.*\.py$/.test(name) ||
    /_test\.py$/.test(name) ||
    name === 'conftest.py'
  );
}

/** Loops binding one name, in start order, with the furthest end so far. */
interface LoopsOfName {
  loops: Loop[];
  furthestEnd: number[];
}

/** The first index where a monotone test turns true (the length if never). */
function firstIndex<T>(items: T[], test: (item: T) => boolean): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (test(items[mid])) high = mid;
    else low = mid + 1;
  }
  return low;
}

/**
 * For each line, the most indented block (in source order, the first of
 * equals) whose body holds it: `start < line <= end`.
 */
function innermostBlocks<
  T extends { start: number; end: number; indent: number },
>(blocks: T[], lines: number): Array<T | undefined> {
  const innermost = new Array<T | undefined>(lines + 2);
  for (const block of blocks) {
    for (
      let line = block.start + 1;
      line <= block.end && line <= lines + 1;
      line++
    ) {
      const current = innermost[line];
      if (!current || block.indent > current.indent) innermost[line] = block;
    }
  }
  return innermost;
}

class PythonFile {
  readonly lines: string[];
  private readonly index: LineIndex;
  readonly aliases = new Map<string, string>();
  private readonly assignments: Assignment[] = [];
  private readonly loops: Loop[] = [];
  readonly functions: FunctionDef[] = [];
  readonly classes: ClassDef[] = [];
  private readonly fields: Field[] = [];
  /** Names bound by relative imports, as dotted module paths from the tree root (`app.core.config.settings`). */
  readonly rooted = new Map<string, string>();
  /** Assignments by name, in line order. */
  private readonly assignmentsByName = new Map<string, Assignment[]>();
  /**
   * Characters the statement and bracket scans may still read at full
   * length (5000 each). Ordinary code never uses it up; a file of
   * thousands of unclosed `def f(` would read 5000 characters per line.
   */
  private scanBudget: number;

  constructor(
    readonly path: string,
    readonly code: string,
    private readonly project?: PythonProject,
  ) {
    this.lines = code.split('\n');
    this.index = new LineIndex(code);
    this.scanBudget = 20 * code.length + 100_000;
    this.scan();
  }

  /** How far a statement or bracket scan may read; `spent` is charged to the budget. */
  scanLimit(): number {
    return this.scanBudget > 0 ? 5000 : 200;
  }

  spend(characters: number): void {
    this.scanBudget -= characters;
  }

  private addAssignment(assignment: Assignment): void {
    this.assignments.push(assignment);
    const named = this.assignmentsByName.get(assignment.name);
    if (named) named.push(assignment);
    else this.assignmentsByName.set(assignment.name, [assignment]);
  }

  private named(name: string): Assignment[] {
    return this.assignmentsByName.get(name) ?? [];
  }

  lineOf(offset: number): number {
    return this.index.lineOf(offset);
  }

  /** Text of the statement starting at a line (brackets may span lines). */
  statementFrom(line: number, column = 0): string {
    const start = this.index.offsetOf(line) + column;
    const limit = this.scanLimit();
    let depth = 0;
    for (let i = start; i < this.code.length && i < start + limit; i++) {
      const c = this.code[i];
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') depth--;
      else if (c === '\n' && depth <= 0 && this.code[i - 1] !== '\\') {
        this.spend(i - start);
        return this.code.slice(start, i);
      } else if (c === '"' || c === "'") {
        i++;
        while (
          i < this.code.length &&
          this.code[i] !== c &&
          this.code[i] !== '\n'
        ) {
          if (this.code[i] === '\\') i++;
          i++;
        }
      }
    }
    this.spend(limit);
    return this.code.slice(start, start + limit);
  }

  private blockEnd(line: number, indent: number): number {
    let end = line;
    for (let i = line; i < this.lines.length; i++) {
      const text = this.lines[i];
      if (text.trim() === '') continue;
      if (indentOf(text) <= indent) break;
      end = i + 1;
    }
    return end;
  }

  private scan(): void {
    for (let i = 0; i < this.lines.length; i++) {
      const text = this.lines[i];
      const line = i + 1;
      const imp = /^\s*import\s+(\S.*)$/.exec(text);
      if (imp) {
        for (const part of imp[1].split(',')) {
          const m = /^\s*([\w.]+)(?:\s+as\s+(\w+))?\s*$/.exec(part);
          if (m)
            this.aliases.set(
              m[2] ?? m[1].split('.')[0],
              m[2] ? m[1] : m[1].split('.')[0],
            );
        }
        continue;
      }
      const from = /^\s*from\s+([\w.]+)\s+import\s+(\S.*)$/.exec(text);
      if (from) {
        let names = from[2];
        if (names.includes('('))
          names = this.statementFrom(line)
            .replace(/^[^(]*\(/, '')
            .replace(/\).*$/s, '');
        const relative = /^(\.+)(.*)$/.exec(from[1]);
        const base = relative
          ? this.relativeModule(relative[1].length, relative[2])
          : undefined;
        for (const part of names.replace(/[()\\]/g, ' ').split(',')) {
          const m = /^\s*(\w+)(?:\s+as\s+(\w+))?\s*$/.exec(part);
          if (!m) continue;
          this.aliases.set(m[2] ?? m[1], `${from[1]}.${m[1]}`);
          if (base !== undefined)
            this.rooted.set(m[2] ?? m[1], base ? `${base}.${m[1]}` : m[1]);
          else this.rooted.delete(m[2] ?? m[1]);
        }
        continue;
      }
      const cls = /^(\s*)class\s+(\w+)\s*([(:])/.exec(text);
      if (cls) {
        let bases = '';
        let header = line;
        if (cls[3] === '(') {
          const open = text.indexOf('(', cls[0].length - 1);
          const signature = this.statementFrom(line, open);
          const close = closingBracket(signature, 0);
          this.spend(signature.length);
          bases = close > 0 ? signature.slice(1, close - 1) : '';
          header += bases.split('\n').length - 1;
        }
        this.classes.push({
          name: cls[2],
          bases: splitTopLevel(bases)
            .filter(b => !b.includes('='))
            .map(b => b.trim()),
          start: line,
          end: this.blockEnd(header, cls[1].length),
          indent: cls[1].length,
        });
        continue;
      }
      const loop = forLoopHeader(text);
      if (loop) {
        this.loops.push({
          names: loop.names
            .replace(/[()]/g, ' ')
            .split(',')
            .map(s => s.trim())
            .filter(Boolean),
          start: line,
          end: this.blockEnd(line, loop.indent),
          iter: loop.iter,
        });
        continue;
      }
      const def = /^(\s*)(?:async\s+)?def\s+(\w+)\s*\(/.exec(text);
      if (def) {
        const open = text.indexOf('(');
        const signature = this.statementFrom(line, open);
        const close = closingBracket(signature, 0);
        this.spend(signature.length);
        const params = splitTopLevel(
          close > 0 ? signature.slice(1, close - 1) : '',
        )
          .map(p =>
            p
              .replace(/[:=].*$/s, '')
              .replace(/^\*+/, '')
              .trim(),
          )
          .filter(p => p && p !== 'self' && p !== 'cls' && p !== '/');
        this.functions.push({
          name: def[2],
          params,
          start: line,
          // The body starts after a signature spanning several lines.
          end: this.blockEnd(
            line +
              (close > 0
                ? signature.slice(0, close).split('\n').length - 1
                : 0),
            def[1].length,
          ),
          indent: def[1].length,
        });
        continue;
      }
      const withOpen = withOpenAs(text);
      if (withOpen) {
        this.addAssignment({
          name: withOpen.name,
          line,
          expr: splitTopLevel(withOpen.argument)[0] ?? '',
          indent: indentOf(text),
        });
      }
      const assigned = assignedName(text);
      if (assigned) {
        const column = text.indexOf('=') + 1;
        this.addAssignment({
          name: assigned,
          line,
          expr: this.statementFrom(line, column).trim(),
          indent: indentOf(text),
        });
        continue;
      }
      const field = annotatedField(text);
      if (field) this.fields.push({ name: field, line });
    }
  }

  /** `from ..core import x` in `app/api/routes.py` → `app.core` (`` for the root). */
  private relativeModule(level: number, rest: string): string | undefined {
    let folder = dirName(this.path);
    for (let i = 1; i < level; i++) {
      if (!folder) return undefined;
      folder = dirName(folder);
    }
    return [folder.replace(/\//g, '.'), rest].filter(Boolean).join('.');
  }

  private classesByName?: Map<string, ClassDef>;

  classNamed(name: string): ClassDef | undefined {
    if (!this.classesByName) {
      this.classesByName = new Map();
      for (const c of this.classes)
        if (!this.classesByName.has(c.name)) this.classesByName.set(c.name, c);
    }
    return this.classesByName.get(name);
  }

  private innermostClass?: Array<ClassDef | undefined>;

  /** The most indented class whose body holds the line (the first of equals). */
  enclosingClass(line: number): ClassDef | undefined {
    this.innermostClass ??= innermostBlocks(this.classes, this.lines.length);
    return this.innermostClass[line];
  }

  /** A base class named `BaseSettings`, here or one class up. */
  private isSettingsClass(cls: ClassDef, depth = 0): boolean {
    return cls.bases.some(base => {
      const resolved = this.aliases.get(base.split('.')[0]);
      const full = resolved
        ? [resolved, ...base.split('.').slice(1)].join('.')
        : base;
      if (SETTINGS_BASE.test(full)) return true;
      const local = this.classNamed(base);
      return local && depth < 3
        ? this.isSettingsClass(local, depth + 1)
        : false;
    });
  }

  /** `env_prefix` of a settings class (`class Config:` or `model_config = SettingsConfigDict(…)`). */
  private envPrefix(cls: ClassDef): string {
    const body = this.lines.slice(cls.start, cls.end).join('\n');
    const prefix = /\benv_prefix\s*[=:]\s*["']([\w-]*)["']/.exec(body);
    return prefix ? prefix[1] : '';
  }

  /**
   * The value of a class attribute: an assignment in the class body (any of
   * them chosen by configuration makes it configured, e.g. an env var with a
   * fallback path), a pydantic settings field (read from the environment),
   * else the same attribute of a base class defined in this file.
   */
  classAttribute(
    className: string,
    attribute: string,
    depth: number,
  ): Value | undefined {
    const cls = this.classNamed(className);
    if (!cls || depth > 6) return undefined;
    const inBody = (line: number, indent?: number) =>
      line > cls.start &&
      line <= cls.end &&
      (indent === undefined || indent > cls.indent) &&
      this.enclosingFunction(line)?.start === undefined &&
      this.enclosingClass(line) === cls;
    const assignments = this.named(attribute).filter(a =>
      inBody(a.line, a.indent),
    );
    const settings = this.isSettingsClass(cls);
    if (settings) {
      const declared = [
        ...assignments.map(a => a.line),
        ...this.fields
          .filter(f => f.name === attribute && inBody(f.line))
          .map(f => f.line),
      ];
      if (declared.length > 0) {
        const explicit = assignments
          .map(a =>
            /\b(?:env|alias|validation_alias)\s*=\s*["']([\w.-]+)["']/.exec(
              a.expr,
            ),
          )
          .find(Boolean);
        return {
          configured: true,
          configKey:
            explicit?.[1] ??
            `${this.envPrefix(cls)}${attribute}`.toLocaleUpperCase('en-US'),
          multiple: false,
        };
      }
    }
    if (assignments.length > 0) {
      const values = assignments.map(a =>
        this.evaluate(a.expr, a.line, depth + 1),
      );
      return values.find(v => v.configured) ?? values[values.length - 1];
    }
    for (const base of cls.bases) {
      const inherited = this.classAttribute(base, attribute, depth + 1);
      if (inherited) return inherited;
    }
    return undefined;
  }

  /**
   * What a module-level name of this file holds, followed by attributes
   * (`settings.model_path`, `ModelConfigurations.model_filepath`): used for
   * names other modules import from this one.
   */
  exported(chain: string[], depth: number): Value | undefined {
    const [name, ...rest] = chain;
    if (!name || depth > 6) return undefined;
    if (this.classNamed(name))
      return rest.length === 1
        ? this.classAttribute(name, rest[0], depth + 1)
        : undefined;
    const assignment = this.named(name)
      .filter(a => a.indent === 0)
      .pop();
    if (assignment) {
      if (rest.length === 0)
        return this.evaluate(assignment.expr, assignment.line, depth + 1);
      return this.instanceAttribute(assignment.expr, rest, depth + 1);
    }
    const imported = this.aliases.get(name);
    if (imported && this.project)
      return this.project.resolve(
        [this.rooted.get(name) ?? imported, ...rest].join('.'),
        this.path,
        this.rooted.has(name),
        depth + 1,
      );
    return undefined;
  }

  /** `Settings()` / `Settings(_env_file=…)` followed by an attribute: the class attribute. */
  private instanceAttribute(
    expr: string,
    attributes: string[],
    depth: number,
  ): Value | undefined {
    const call = /^([A-Za-z_]\w*)\s*\(/.exec(expr.trim());
    if (!call || attributes.length !== 1) return undefined;
    if (this.classNamed(call[1]))
      return this.classAttribute(call[1], attributes[0], depth);
    return this.attributeOf(call[1], attributes, depth);
  }

  /**
   * `Head.attr` / `Head().attr` / `module.NAME`, where `Head` is a class of
   * this file, an instance of one, or a name imported from another module.
   */
  attributeOf(
    head: string,
    attributes: string[],
    depth: number,
    line?: number,
  ): Value | undefined {
    if (depth > 6) return undefined;
    if (this.classNamed(head))
      return attributes.length === 1
        ? this.classAttribute(head, attributes[0], depth + 1)
        : undefined;
    const assignment =
      line === undefined ? undefined : this.assignmentOf(head, line);
    if (assignment)
      return this.instanceAttribute(assignment.expr, attributes, depth + 1);
    const imported = this.aliases.get(head);
    if (imported && this.project)
      return this.project.resolve(
        [this.rooted.get(head) ?? imported, ...attributes].join('.'),
        this.path,
        this.rooted.has(head),
        depth + 1,
      );
    return undefined;
  }

  private loopsByName?: Map<string, LoopsOfName>;

  /** The first loop (in source order) binding the name whose body holds the line. */
  activeLoop(name: string, line: number): Loop | undefined {
    if (!this.loopsByName) {
      this.loopsByName = new Map();
      for (const loop of this.loops) {
        for (const bound of new Set(loop.names)) {
          let named = this.loopsByName.get(bound);
          if (!named) {
            named = { loops: [], furthestEnd: [] };
            this.loopsByName.set(bound, named);
          }
          const furthest = named.furthestEnd[named.furthestEnd.length - 1];
          named.loops.push(loop);
          named.furthestEnd.push(Math.max(furthest ?? -Infinity, loop.end));
        }
      }
    }
    const named = this.loopsByName.get(name);
    if (!named) return undefined;
    // Loops are in start order: the first whose end reaches the line is
    // the first reaching it at all (furthestEnd only grows).
    const first = firstIndex(named.furthestEnd, end => end >= line);
    const loop = named.loops[first];
    return loop && loop.start < line ? loop : undefined;
  }

  private innermostFunction?: Array<FunctionDef | undefined>;

  /** The most indented function whose body holds the line (the first of equals). */
  enclosingFunction(line: number): FunctionDef | undefined {
    this.innermostFunction ??= innermostBlocks(
      this.functions,
      this.lines.length,
    );
    return this.innermostFunction[line];
  }

  /** The assignment of a name visible at a line: the latest before it, else the first. */
  assignmentOf(name: string, line: number): Assignment | undefined {
    const all = this.named(name);
    const before = firstIndex(all, a => a.line >= line);
    return before > 0 ? all[before - 1] : all.find(a => a.line !== line);
  }

  /** A name imported from another module of the project (`from config import MODEL_PATH`). */
  private importedValue(name: string, depth: number): Value | undefined {
    const imported = this.aliases.get(name);
    if (!imported || !this.project || name.startsWith('self.'))
      return undefined;
    return this.project.resolve(
      this.rooted.get(name) ?? imported,
      this.path,
      this.rooted.has(name),
      depth,
    );
  }

  evaluate(
    expression: string,
    line: number,
    depth = 0,
    comprehensionVars: string[] = [],
  ): Value {
    const expr = expression
      .trim()
      .replace(/^\(([\s\S]*)\)$/, '$1')
      .trim();
    const none: Value = { configured: false, multiple: false };
    if (!expr || depth > 6) return none;
    const literal = /^[rRbBuU]{0,2}(["'])([^"'\n]*)\1$/.exec(expr);
    if (literal)
      return { literal: literal[2], configured: false, multiple: false };
    // `Settings.model_path`, `ModelConfigurations().model_filepath`, `config.MODEL_PATH`;
    // what the settings class says wins over the name-based guess below.
    let chained: Value | undefined;
    const chain =
      /^([A-Za-z_]\w*)(?:\s*\(\s*\))?((?:\s*\.\s*[A-Za-z_]\w*)+)$/.exec(expr);
    if (chain && chain[1] !== 'self' && chain[1] !== 'cls') {
      const attributes = chain[2]
        .split('.')
        .map(a => a.trim())
        .filter(Boolean);
      chained = this.attributeOf(chain[1], attributes, depth + 1, line);
    }
    if (chained?.configured) return chained;
    const config = CONFIG_ACCESS.exec(expr);
    if (config) {
      const key =
        config[1] ?? config[2] ?? config[3] ?? config[4] ?? 'sys.argv';
      return { configured: true, configKey: key, multiple: MULTI.test(expr) };
    }
    if (MULTI.test(expr)) return { configured: false, multiple: true };
    // `Path(__file__).parent`, `os.path.dirname(__file__)`: the file's own folder.
    if (/__file__/.test(expr) && !/[+/]\s*["']/.test(expr))
      return { literal: '', configured: false, multiple: false };
    // `Path(x)`, `Path(x).resolve()`: the argument (the whole expression
    // must end with `)`, so the wrapped text runs to the last character).
    const wrapper =
      /^(?:open|Path|pathlib\.Path|str|os\.path\.(?:abspath|expanduser|realpath|normpath))\s*\(/.exec(
        expr,
      );
    if (
      wrapper &&
      expr.endsWith(')') &&
      closingBracket(expr, expr.indexOf('(')) ===
        withoutTrailingCalls(expr).length
    ) {
      return this.evaluate(
        splitTopLevel(expr.slice(wrapper[0].length, -1))[0] ?? '',
        line,
        depth + 1,
        comprehensionVars,
      );
    }
    const join = /^os\.path\.join\s*\(([\s\S]*)\)$/.exec(expr);
    const parts = join ? splitTopLevel(join[1]) : splitTopLevel(expr, /[/+]/);
    if (parts.length > 1) {
      const values = parts.map(p =>
        this.evaluate(p, line, depth + 1, comprehensionVars),
      );
      const combined: Value = {
        configured: values.some(v => v.configured),
        configKey: values.find(v => v.configKey)?.configKey,
        multiple: values.some(v => v.multiple),
      };
      if (values.every(v => v.literal !== undefined)) {
        combined.literal = values
          .map(v => v.literal)
          .filter(v => v !== '')
          .join('/')
          .replace(/\/+/g, '/');
      }
      return combined;
    }
    if (chained) return chained;
    const fstring = /^[rR]?[fF][rR]?(["'])([\s\S]*)\1$/.exec(expr);
    let names: string[];
    if (fstring)
      names = [...fstring[2].matchAll(/\{([^{}!:]+)/g)].map(m => m[1].trim());
    else if (/^(?:self\.)?[A-Za-z_][\w]*$/.test(expr)) names = [expr];
    else
      names = [...expr.matchAll(/(?<![\w.'"])((?:self\.)?[A-Za-z_]\w*)/g)].map(
        m => m[1],
      );
    const result: Value = { configured: false, multiple: false };
    for (const name of names) {
      if (comprehensionVars.includes(name) || this.activeLoop(name, line)) {
        result.multiple = true;
        const loop = this.activeLoop(name, line);
        if (loop && this.evaluate(loop.iter, loop.start, depth + 1).configured)
          result.configured = true;
        continue;
      }
      const assignment = this.assignmentOf(name, line);
      const value = assignment
        ? this.evaluate(assignment.expr, assignment.line, depth + 1)
        : this.importedValue(name, depth + 1);
      if (!value) continue;
      if (names.length === 1 && !fstring) return value;
      result.configured ||= value.configured;
      result.configKey ??= value.configKey;
      result.multiple ||= value.multiple;
    }
    return result;
  }
}

interface LoaderCall {
  call: string;
  argsText: string;
  offset: number;
}

function resolveCall(file: PythonFile, callee: string): string | undefined {
  const [head, ...rest] = callee.split('.');
  const resolvedHead = file.aliases.get(head);
  const full = resolvedHead ? [resolvedHead, ...rest].join('.') : callee;
  if (LOADERS.has(full)) return full;
  if (/^mlflow\.\w+\.load_model$/.test(full)) return full;
  if (full.endsWith('.from_pretrained')) {
    const receiver = callee.slice(0, -'.from_pretrained'.length);
    return NOT_A_MODEL.test(receiver) ? undefined : callee;
  }
  if (
    rest.length > 0 &&
    full.endsWith('.load_model') &&
    !full.startsWith('mlflow')
  ) {
    const libs = [...file.aliases.values()].map(v => v.split('.')[0]);
    const lib = ['xgboost', 'catboost', 'lightgbm'].find(l => libs.includes(l));
    return lib ? `${lib}.load_model` : undefined;
  }
  return undefined;
}

function findCalls(file: PythonFile): LoaderCall[] {
  const calls: LoaderCall[] = [];
  const pattern = callPattern(file.code);
  for (;;) {
    const match = pattern.exec();
    if (match === null) break;
    const callee = match[1].replace(/\s+/g, '');
    const before = file.code.slice(Math.max(0, match.index - 4), match.index);
    if (
      /def\s$/.test(before) ||
      /class\s$/.test(
        file.code.slice(Math.max(0, match.index - 6), match.index),
      )
    )
      continue;
    // Inner calls (`Path(x)` inside `joblib.load(…)`) are found by the regex on its own.
    const call = resolveCall(file, callee);
    if (!call) {
      pattern.lastIndex = match.index + match[1].length;
      continue;
    }
    const open = match.index + match[0].length - 1;
    const limit = file.scanLimit();
    const close = closingBracket(file.code, open, limit);
    file.spend(close > 0 ? close - open : limit);
    const argsText = close > 0 ? file.code.slice(open + 1, close - 1) : '';
    calls.push({ call, argsText, offset: match.index });
    pattern.lastIndex = open + 1;
  }
  return calls;
}

function targetArgument(call: string, argsText: string): string | undefined {
  const args = parseArguments(argsText);
  if (call === 'transformers.pipeline')
    return args.keyword.get('model') ?? args.positional[1];
  if (call.endsWith('.Booster')) return args.keyword.get('model_file');
  for (const key of TARGET_KEYWORDS) {
    const value = args.keyword.get(key);
    if (value) return value;
  }
  return args.positional[0];
}

function isHubId(target: string, file: string, tree: FileTree): boolean {
  if (!/^[A-Za-z0-9][\w.-]*(\/[\w.-]+)?$/.test(target)) return false;
  if (isModelFilePath(target) || target.includes('..')) return false;
  const local = [joinPath(dirName(file), target), target].filter(
    Boolean,
  ) as string[];
  return !local.some(p => tree.exists(p));
}

/**
 * The Python modules of one analyzed tree, parsed on demand, so that a
 * loader can follow a name imported from another module of the project.
 */
export class PythonProject {
  private readonly parsed = new Map<string, PythonFile | null>();

  constructor(
    private readonly paths: ReadonlySet<string>,
    private readonly textOf: (path: string) => string | undefined,
  ) {}

  get modules(): Iterable<string> {
    return this.paths;
  }

  file(path: string): PythonFile | undefined {
    if (!this.parsed.has(path)) {
      const text = this.paths.has(path) ? this.textOf(path) : undefined;
      this.parsed.set(
        path,
        text === undefined || isTestFile(path)
          ? null
          : new PythonFile(path, blankCommentsAndDocstrings(text), this),
      );
    }
    return this.parsed.get(path) ?? undefined;
  }

  /**
   * The file of a module, as Python would find it with the project's root
   * (or a folder above the importing file) on its path. The scored folder
   * is often the package itself (`src/` imported as `src.configurations`),
   * so the first package name may be missing from the tree.
   */
  modulePath(
    dotted: string,
    importer: string,
    rooted: boolean,
  ): string | undefined {
    const parts = dotted.split('.').filter(Boolean);
    if (parts.length === 0) return undefined;
    const variants =
      rooted || parts.length === 1 ? [parts] : [parts, parts.slice(1)];
    const folders = rooted ? [''] : ancestorsOf(importer).reverse();
    for (const variant of variants) {
      for (const folder of folders) {
        const base = [folder, ...variant].filter(Boolean).join('/');
        for (const candidate of [`${base}.py`, `${base}/__init__.py`]) {
          if (this.paths.has(candidate)) return candidate;
        }
      }
    }
    return undefined;
  }

  /** The value of `module.name[.attribute]` imported by `importer`. */
  resolve(
    dotted: string,
    importer: string,
    rooted: boolean,
    depth: number,
  ): Value | undefined {
    if (depth > 8) return undefined;
    const parts = dotted.split('.');
    for (let k = parts.length - 1; k >= 1; k--) {
      const path = this.modulePath(
        parts.slice(0, k).join('.'),
        importer,
        rooted,
      );
      if (!path || path === importer) continue;
      return this.file(path)?.exported(parts.slice(k), depth + 1);
    }
    return undefined;
  }
}

/**
 * The function parameter a loader's target comes from: the target itself
 * (`def load(path): joblib.load(path)`), or an attribute set from a
 * parameter (`self.path = path` in `__init__`). The callee is the function,
 * or the class for `__init__`.
 */
function parameterSource(
  file: PythonFile,
  target: string,
  line: number,
): { callee: string; param: string; index: number } | undefined {
  const name = target.trim();
  let param: string | undefined;
  let fn: FunctionDef | undefined;
  if (/^[A-Za-z_]\w*$/.test(name)) {
    param = name;
    fn = file.enclosingFunction(line);
  } else if (/^self\.\w+$/.test(name)) {
    const assignment = file.assignmentOf(name, line);
    const expr = assignment?.expr.trim() ?? '';
    if (assignment && /^[A-Za-z_]\w*$/.test(expr)) {
      param = expr;
      fn = file.enclosingFunction(assignment.line);
    }
  }
  const index = fn && param ? fn.params.indexOf(param) : -1;
  if (!fn || !param || index < 0) return undefined;
  if (fn.name !== '__init__') return { callee: fn.name, param, index };
  const cls = file.enclosingClass(fn.start);
  return cls ? { callee: cls.name, param, index } : undefined;
}

interface CallSite {
  file: PythonFile;
  line: number;
  args: ReturnType<typeof parseArguments>;
  /** Comprehension variables of the statement. */
  vars: string[];
}

function sitesIn(file: PythonFile, pattern: RegExp): CallSite[] {
  return [...file.code.matchAll(pattern)]
    .filter(
      m =>
        !/(?:def|class)\s+$/.test(
          file.code.slice(Math.max(0, (m.index ?? 0) - 7), m.index),
        ),
    )
    .map(site => {
      const line = file.lineOf(site.index!);
      const open = site.index! + site[0].length - 1;
      const limit = file.scanLimit();
      const close = closingBracket(file.code, open, limit);
      file.spend(close > 0 ? close - open : limit);
      const args = parseArguments(
        close > 0 ? file.code.slice(open + 1, close - 1) : '',
      );
      const vars = comprehensionTargets(file.statementFrom(line))
        .flatMap(m => m.replace(/[()]/g, ' ').split(','))
        .map(s => s.trim());
      return { file, line, args, vars };
    });
}

/**
 * Calls of a function or class of `file`: in the file itself, else in the
 * modules of the project that import it by name.
 */
function callSites(
  file: PythonFile,
  callee: string,
  project: PythonProject | undefined,
): CallSite[] {
  const local = sitesIn(
    file,
    new RegExp(`(?<![\\w.])(?:self\\.)?${callee}\\s*\\(`, 'g'),
  );
  if (local.length > 0 || !project) return local;
  const sites: CallSite[] = [];
  for (const path of project.modules) {
    if (path === file.path) continue;
    const other = project.file(path);
    if (!other || !other.code.includes(callee)) continue;
    for (const [alias, imported] of other.aliases) {
      const rooted = other.rooted.get(alias);
      const dotted = rooted ?? imported;
      if (!dotted.endsWith(`.${callee}`)) continue;
      const module = dotted.slice(0, -callee.length - 1);
      if (
        project.modulePath(module, other.path, rooted !== undefined) !==
        file.path
      )
        continue;
      sites.push(
        ...sitesIn(other, new RegExp(`(?<![\\w.])${alias}\\s*\\(`, 'g')),
      );
    }
  }
  return sites;
}

/** Model loads of one Python file (test files are skipped). */
export function findModelLoaders(
  path: string,
  text: string,
  tree: FileTree,
  project?: PythonProject,
): ModelLoaderFacts[] {
  if (isTestFile(path)) return [];
  const file =
    project?.file(path) ??
    new PythonFile(path, blankCommentsAndDocstrings(text));
  const serving = SERVING_IMPORT.test(file.code);
  const facts: ModelLoaderFacts[] = [];
  // Every loader in one helper has the helper's call sites: look them up once.
  const sitesOf = new Map<string, CallSite[]>();
  for (const { call, argsText, offset } of findCalls(file)) {
    const line = file.lineOf(offset);
    const statement = file.statementFrom(line);
    const comprehensionVars = comprehensionTargets(statement)
      .flatMap(m => m.replace(/[()]/g, ' ').split(','))
      .map(s => s.trim())
      .filter(Boolean);
    const target = targetArgument(call, argsText);
    const emit = (
      at: number,
      value: Value | undefined,
      argument: string | undefined,
      site: PythonFile = file,
    ) => {
      const literal = value?.configured ? undefined : value?.literal;
      const hub = HUB_CALLS.test(call);
      const downloads =
        (literal !== undefined &&
          (REMOTE.test(literal) || (hub && isHubId(literal, path, tree)))) ||
        (call === 'transformers.pipeline' && argument === undefined);
      const fact: ModelLoaderFacts = {
        path: site.path,
        line: at,
        call,
        configured: value?.configured ?? false,
        downloads,
        multiple:
          (value?.multiple ?? false) ||
          (argument !== undefined && MULTI.test(argument)),
        inServingCode:
          serving || (site !== file && SERVING_IMPORT.test(site.code)),
      };
      if (value?.configKey && value.configured)
        fact.configKey = value.configKey;
      if (literal !== undefined) fact.target = literal;
      facts.push(fact);
    };
    if (target === undefined) {
      emit(line, undefined, undefined);
      continue;
    }
    const value = file.evaluate(target, line, 0, comprehensionVars);
    const source = parameterSource(file, target, line);
    if (
      source &&
      !value.configured &&
      value.literal === undefined &&
      !value.multiple
    ) {
      // A helper `def load(path): return joblib.load(path)`, or a class keeping
      // `self.path = path` from `__init__`: each call site is a load.
      let sites = sitesOf.get(source.callee);
      if (!sites) {
        sites = callSites(file, source.callee, project);
        sitesOf.set(source.callee, sites);
      }
      if (sites.length > 0) {
        for (const site of sites) {
          const argument =
            site.args.keyword.get(source.param) ??
            site.args.positional[source.index];
          emit(
            site.line,
            argument
              ? site.file.evaluate(argument, site.line, 0, site.vars)
              : undefined,
            argument,
            site.file,
          );
        }
        continue;
      }
    }
    emit(line, value, target);
  }
  return facts;
}
