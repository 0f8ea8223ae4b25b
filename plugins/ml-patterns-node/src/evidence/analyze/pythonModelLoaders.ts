import { ModelLoaderFacts } from '../types';
import { isModelFilePath } from './modelFiles';
import { baseName, dirName, FileTree, joinPath } from './paths';
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
 * tracking (assignments, loop variables, one level of helper functions).
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

const SERVING_IMPORT =
  /^\s*(?:from|import)\s+(fastapi|flask|starlette|bentoml|kserve|ray\.serve|ray\s+import\s+serve|grpc|gradio|streamlit|litserve|tornado|aiohttp|sanic|django|falcon|mlserver|seldon_core|triton_python_backend_utils|cog|sagemaker_inference|ts\.torch_handler|uvicorn)\b/m;

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
}

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

class PythonFile {
  readonly lines: string[];
  private readonly index: LineIndex;
  readonly aliases = new Map<string, string>();
  private readonly assignments: Assignment[] = [];
  private readonly loops: Loop[] = [];
  readonly functions: FunctionDef[] = [];

  constructor(readonly path: string, readonly code: string) {
    this.lines = code.split('\n');
    this.index = new LineIndex(code);
    this.scan();
  }

  lineOf(offset: number): number {
    return this.index.lineOf(offset);
  }

  /** Text of the statement starting at a line (brackets may span lines). */
  statementFrom(line: number, column = 0): string {
    let offset = 0;
    for (let i = 0; i < line - 1; i++) offset += this.lines[i].length + 1;
    const start = offset + column;
    let depth = 0;
    for (let i = start; i < this.code.length && i < start + 5000; i++) {
      const c = this.code[i];
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') depth--;
      else if (c === '\n' && depth <= 0 && this.code[i - 1] !== '\\')
        return this.code.slice(start, i);
      else if (c === '"' || c === "'") {
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
    return this.code.slice(start, start + 5000);
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
      const imp = /^\s*import\s+(.+)$/.exec(text);
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
      const from = /^\s*from\s+([\w.]+)\s+import\s+(.+)$/.exec(text);
      if (from) {
        let names = from[2];
        if (names.includes('('))
          names = this.statementFrom(line)
            .replace(/^[^(]*\(/, '')
            .replace(/\).*$/s, '');
        for (const part of names.replace(/[()\\]/g, ' ').split(',')) {
          const m = /^\s*(\w+)(?:\s+as\s+(\w+))?\s*$/.exec(part);
          if (m) this.aliases.set(m[2] ?? m[1], `${from[1]}.${m[1]}`);
        }
        continue;
      }
      const loop = /^(\s*)(?:async\s+)?for\s+(.+?)\s+in\s+(.+):\s*$/.exec(text);
      if (loop) {
        this.loops.push({
          names: loop[2]
            .replace(/[()]/g, ' ')
            .split(',')
            .map(s => s.trim())
            .filter(Boolean),
          start: line,
          end: this.blockEnd(line, loop[1].length),
          iter: loop[3],
        });
        continue;
      }
      const def = /^(\s*)(?:async\s+)?def\s+(\w+)\s*\(/.exec(text);
      if (def) {
        const open = text.indexOf('(');
        const signature = this.statementFrom(line, open);
        const close = closingBracket(signature, 0);
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
          end: this.blockEnd(line, def[1].length),
          indent: def[1].length,
        });
        continue;
      }
      const withOpen = /\bwith\s+open\s*\((.+?)\)\s+as\s+(\w+)/.exec(text);
      if (withOpen) {
        this.assignments.push({
          name: withOpen[2],
          line,
          expr: splitTopLevel(withOpen[1])[0] ?? '',
        });
      }
      const assign =
        /^\s*((?:self\.)?[A-Za-z_]\w*)\s*(?::\s*[^=]+?)?\s*=(?!=)\s*(.+)$/.exec(
          text,
        );
      if (assign) {
        const column = text.indexOf('=') + 1;
        this.assignments.push({
          name: assign[1],
          line,
          expr: this.statementFrom(line, column).trim(),
        });
      }
    }
  }

  activeLoop(name: string, line: number): Loop | undefined {
    return this.loops.find(
      l => l.names.includes(name) && line > l.start && line <= l.end,
    );
  }

  enclosingFunction(line: number): FunctionDef | undefined {
    const candidates = this.functions.filter(
      f => line > f.start && line <= f.end,
    );
    return candidates.sort((a, b) => b.indent - a.indent)[0];
  }

  /** The assignment of a name visible at a line: the latest before it, else the first. */
  assignmentOf(name: string, line: number): Assignment | undefined {
    const all = this.assignments.filter(a => a.name === name);
    const before = all.filter(a => a.line < line);
    return before.length > 0
      ? before[before.length - 1]
      : all.find(a => a.line !== line);
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
    const wrapper =
      /^(?:open|Path|pathlib\.Path|str|os\.path\.(?:abspath|expanduser|realpath|normpath))\s*\(([\s\S]*)\)(?:\.\w+\(\))*$/.exec(
        expr,
      );
    if (
      wrapper &&
      closingBracket(expr, expr.indexOf('(')) ===
        expr.replace(/(?:\.\w+\(\))*$/, '').length
    ) {
      return this.evaluate(
        splitTopLevel(wrapper[1])[0] ?? '',
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
      if (!assignment) continue;
      const value = this.evaluate(assignment.expr, assignment.line, depth + 1);
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
  const pattern = /(?<![\w.])([A-Za-z_][\w]*(?:\s*\.\s*[A-Za-z_]\w*)*)\s*\(/g;
  for (;;) {
    const match = pattern.exec(file.code);
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
    const close = closingBracket(file.code, open);
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

/** Model loads of one Python file (test files are skipped). */
export function findModelLoaders(
  path: string,
  text: string,
  tree: FileTree,
): ModelLoaderFacts[] {
  if (isTestFile(path)) return [];
  const file = new PythonFile(path, blankCommentsAndDocstrings(text));
  const serving = SERVING_IMPORT.test(file.code);
  const facts: ModelLoaderFacts[] = [];
  for (const { call, argsText, offset } of findCalls(file)) {
    const line = file.lineOf(offset);
    const statement = file.statementFrom(line);
    const comprehensionVars = [
      ...statement.matchAll(/\bfor\s+([\w\s,()]+?)\s+in\b/g),
    ]
      .flatMap(m => m[1].replace(/[()]/g, ' ').split(','))
      .map(s => s.trim())
      .filter(Boolean);
    const target = targetArgument(call, argsText);
    const emit = (
      at: number,
      value: Value | undefined,
      argument: string | undefined,
    ) => {
      const literal = value?.configured ? undefined : value?.literal;
      const hub = HUB_CALLS.test(call);
      const downloads =
        (literal !== undefined &&
          (REMOTE.test(literal) || (hub && isHubId(literal, path, tree)))) ||
        (call === 'transformers.pipeline' && argument === undefined);
      const fact: ModelLoaderFacts = {
        path,
        line: at,
        call,
        configured: value?.configured ?? false,
        downloads,
        multiple:
          (value?.multiple ?? false) ||
          (argument !== undefined && MULTI.test(argument)),
        inServingCode: serving,
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
    const param = /^[A-Za-z_]\w*$/.test(target.trim())
      ? target.trim()
      : undefined;
    const fn = param ? file.enclosingFunction(line) : undefined;
    const paramIndex = fn && param ? fn.params.indexOf(param) : -1;
    if (
      fn &&
      paramIndex >= 0 &&
      !value.configured &&
      value.literal === undefined &&
      !value.multiple
    ) {
      // A helper `def load(path): return joblib.load(path)`: each call site is a load.
      const sites = [
        ...file.code.matchAll(
          new RegExp(`(?<![\\w.])(?:self\\.)?${fn.name}\\s*\\(`, 'g'),
        ),
      ].filter(
        m =>
          !/def\s+$/.test(
            file.code.slice(Math.max(0, (m.index ?? 0) - 5), m.index),
          ),
      );
      if (sites.length > 0) {
        for (const site of sites) {
          const siteLine = file.lineOf(site.index!);
          const open = site.index! + site[0].length - 1;
          const close = closingBracket(file.code, open);
          const args = parseArguments(
            close > 0 ? file.code.slice(open + 1, close - 1) : '',
          );
          const argument =
            args.keyword.get(param!) ?? args.positional[paramIndex];
          const siteStatement = file.statementFrom(siteLine);
          const siteVars = [
            ...siteStatement.matchAll(/\bfor\s+([\w\s,()]+?)\s+in\b/g),
          ]
            .flatMap(m => m[1].replace(/[()]/g, ' ').split(','))
            .map(s => s.trim());
          emit(
            siteLine,
            argument
              ? file.evaluate(argument, siteLine, 0, siteVars)
              : undefined,
            argument,
          );
        }
        continue;
      }
    }
    emit(line, value, target);
  }
  return facts;
}
