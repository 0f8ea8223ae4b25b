import type { SyntaxNode } from '@lezer/common';
import {
  callArguments,
  CallArguments,
  childrenOf,
  dottedName,
  PythonSyntax,
} from './syntax';

/**
 * What one Python module says, read from its syntax tree in one pass:
 * the names it imports, the functions and classes it defines, every
 * assignment (module, class body, function) and every call with the
 * context it runs in (function, class, loops, `if`/`try` arms, the
 * `if __name__ == "__main__":` block).
 *
 * Longer than the other modules on purpose: the reader is one walk over
 * the tree whose steps share the context they pass down (function, class,
 * arms, loops); cut into files, each step would take that whole context
 * as arguments.
 */

/** A name bound by an import. */
export interface ImportBinding {
  /** The name bound in this module. */
  local: string;
  /** Dotted module as written, leading dots for relative imports (`..core.config`). */
  module: string;
  /** For `from module import name`: the name imported. */
  name?: string;
  line: number;
}

export interface Parameter {
  name: string;
  /** Position among the positional parameters (self/cls excluded), -1 for keyword-only and `*`/`**`. */
  index: number;
  default?: SyntaxNode;
}

export interface FunctionInfo {
  name: string;
  node: SyntaxNode;
  line: number;
  params: Parameter[];
  /** The class of a method. */
  owner?: ClassInfo;
  /** The function a nested function is defined in. */
  parent?: FunctionInfo;
  decorators: string[];
  returns: SyntaxNode[];
}

export interface ClassInfo {
  name: string;
  node: SyntaxNode;
  line: number;
  /** Base classes as dotted names (`BaseSettings`, `pydantic_settings.BaseSettings`). */
  bases: string[];
  decorators: string[];
  methods: Map<string, FunctionInfo>;
  /** The function a class is defined in (rare). */
  parent?: FunctionInfo;
}

/** A loop or comprehension variable in scope of a call, with what it iterates over. */
export interface LoopVariable {
  names: string[];
  iter?: SyntaxNode;
}

/** One arm of an `if`/`try` statement a call sits in: calls in different arms of one statement are alternatives. */
export interface BranchArm {
  statement: number;
  arm: number;
}

export interface Assignment {
  /** `x`, `self.x`, `settings.path`, `models` (for `models[k] = …`). */
  target: string;
  /** The assigned expression; undefined for an annotation without a value. */
  value?: SyntaxNode;
  /** For `a, b = f()`: the position unpacked. */
  unpack?: number;
  kind: 'assign' | 'annotation' | 'with' | 'for';
  /** Inside an `if`/`try` arm or a loop of its scope: it may not run, so an earlier value may stand. */
  conditional: boolean;
  line: number;
  from: number;
  fn?: FunctionInfo;
  /** Set for assignments in a class body (class attributes, settings fields). */
  cls?: ClassInfo;
}

export interface CallInfo {
  node: SyntaxNode;
  callee: SyntaxNode;
  /** The callee as a dotted name, when it is one (`joblib.load`, `self.load`). */
  dotted?: string;
  /** Read when first asked for (most calls are never looked at). */
  readonly args: CallArguments;
  readonly line: number;
  fn?: FunctionInfo;
  cls?: ClassInfo;
  inMainGuard: boolean;
  arms: BranchArm[];
  loops: LoopVariable[];
  /** The name the call's result is assigned to (`scaler = joblib.load(…)` → `scaler`). */
  bound?: string;
}

/** A persistent list: each syntax node shares its parent's list and may add one item. */
interface Link<T> {
  value: T;
  next?: Link<T>;
}

/** Where the node being read sits: function, class, `__main__` block, `if`/`try` arms and loops of its function. */
interface Context {
  fn?: FunctionInfo;
  cls?: ClassInfo;
  /** The class whose body holds the node directly (methods, class attributes). */
  bodyClass?: ClassInfo;
  mainGuard: boolean;
  arms?: Link<BranchArm>;
  loops?: Link<LoopVariable>;
}

/** Whether code at this place may not run (an `if`/`try` arm or a loop of its scope). */
function conditional(context: Context): boolean {
  return context.arms !== undefined || context.loops !== undefined;
}

/** Shared by the many calls outside any `if`/`try` or loop (never written to). */
const NONE: never[] = [];

/** The innermost items of a list (bounded: deep nesting must stay linear). */
function listOf<T>(link: Link<T> | undefined, max = 32): T[] {
  if (!link) return NONE;
  const items: T[] = [];
  for (let l: Link<T> | undefined = link; l && items.length < max; l = l.next) {
    items.push(l.value);
  }
  return items;
}

/** `pkg.module`, `module:attr`, `pkg.module:attr` (a dot or a colon: not a plain word). */
const IMPORT_PATH =
  /^[A-Za-z_]\w{0,60}(?:(?:\.[A-Za-z_]\w{0,60}){1,8}(?::[A-Za-z_][\w.]{0,60})?|:[A-Za-z_][\w.]{0,60})$/;

/** Nodes the reader looks at; the others only pass their context on. */
const INTERESTING = new Set([
  'ImportStatement',
  'FunctionDefinition',
  'ClassDefinition',
  'IfStatement',
  'Body',
  'ForStatement',
  'WithStatement',
  'AssignStatement',
  'CallExpression',
  'ReturnStatement',
  'String',
  'ArrayComprehensionExpression',
  'DictionaryComprehensionExpression',
  'SetComprehensionExpression',
  'ComprehensionExpression',
]);

const COMPREHENSIONS = new Set([
  'ArrayComprehensionExpression',
  'DictionaryComprehensionExpression',
  'SetComprehensionExpression',
  'ComprehensionExpression',
]);

export class PythonModule {
  readonly syntax: PythonSyntax;
  readonly imports: ImportBinding[] = [];
  /** Modules imported with `from m import *`. */
  readonly starImports: string[] = [];
  readonly functions: FunctionInfo[] = [];
  readonly classes: ClassInfo[] = [];
  readonly assignments: Assignment[] = [];
  readonly calls: CallInfo[] = [];
  /**
   * String literals naming a module by import path (`"app.main:app"`,
   * Django's `"project.urls"`): code that imports by name at run time.
   */
  readonly importPaths: string[] = [];
  /** Line of `if __name__ == "__main__":`, when present. */
  mainGuardLine?: number;
  private byTarget?: Map<string, Assignment[]>;
  private callsByRange?: Map<string, CallInfo>;

  constructor(readonly path: string, text: string) {
    this.syntax = new PythonSyntax(text);
    this.read();
  }

  /** Every assignment to a name or attribute (`x`, `self.x`), in source order. */
  assignmentsTo(target: string): Assignment[] {
    if (!this.byTarget) {
      this.byTarget = new Map();
      for (const a of this.assignments) {
        const list = this.byTarget.get(a.target) ?? [];
        list.push(a);
        this.byTarget.set(a.target, list);
      }
    }
    return this.byTarget.get(target) ?? [];
  }

  private moduleLevel = new Map<string, Assignment[]>();

  /** Module-level assignments to a name (not in a function or class body), in source order. */
  moduleAssignments(name: string): Assignment[] {
    let list = this.moduleLevel.get(name);
    if (!list) {
      list = this.assignmentsTo(name).filter(a => !a.fn && !a.cls);
      this.moduleLevel.set(name, list);
    }
    return list;
  }

  /** The call a `CallExpression` node is. */
  callAt(node: SyntaxNode): CallInfo | undefined {
    if (!this.callsByRange) {
      this.callsByRange = new Map();
      for (const c of this.calls) {
        this.callsByRange.set(`${c.node.from}:${c.node.to}`, c);
      }
    }
    return this.callsByRange.get(`${node.from}:${node.to}`);
  }

  private names?: {
    functions: Map<string, FunctionInfo>;
    classes: Map<string, ClassInfo>;
    imports: Map<string, ImportBinding>;
    libraries: Set<string>;
  };

  /** Module-level functions, classes and imports by name (the first definition of a name, the last import). */
  private get byName(): NonNullable<PythonModule['names']> {
    if (!this.names) {
      const functions = new Map<string, FunctionInfo>();
      for (const f of this.functions) {
        if (!f.owner && !f.parent && !functions.has(f.name)) {
          functions.set(f.name, f);
        }
      }
      const classes = new Map<string, ClassInfo>();
      for (const c of this.classes) {
        if (!c.parent && !classes.has(c.name)) classes.set(c.name, c);
      }
      const imports = new Map<string, ImportBinding>();
      for (const binding of this.imports) imports.set(binding.local, binding);
      const libraries = new Set(this.imports.map(i => i.module.split('.')[0]));
      this.names = { functions, classes, imports, libraries };
    }
    return this.names;
  }

  moduleFunction(name: string): FunctionInfo | undefined {
    return this.byName.functions.get(name);
  }

  moduleClass(name: string): ClassInfo | undefined {
    return this.byName.classes.get(name);
  }

  importOf(local: string): ImportBinding | undefined {
    return this.byName.imports.get(local);
  }

  /** Top-level packages the module imports (`xgboost` for `import xgboost as xgb`). */
  importsLibrary(name: string): boolean {
    return this.byName.libraries.has(name);
  }

  private read(): void {
    const syntax = this.syntax;
    const stack: Context[] = [{ mainGuard: false }];
    const bound = new Map<string, string>();
    syntax.tree.iterate({
      enter: ref => {
        const parent = stack[stack.length - 1];
        let context = parent;
        const name = ref.name;
        if (!INTERESTING.has(name)) {
          // Most nodes only pass their context on (materialising them costs).
          stack.push(context);
          return;
        }
        const node = ref.node;
        switch (name) {
          case 'ImportStatement':
            this.readImport(node);
            break;
          case 'FunctionDefinition': {
            const fn = this.readFunction(node, parent.fn, parent.bodyClass);
            context = { fn, cls: parent.cls, mainGuard: parent.mainGuard };
            break;
          }
          case 'ClassDefinition': {
            const cls = this.readClass(node, parent.fn);
            context = { ...parent, cls, bodyClass: cls };
            break;
          }
          case 'IfStatement':
            if (this.isMainGuard(node)) {
              context = { ...parent, mainGuard: true };
              this.mainGuardLine ??= syntax.lineOf(node);
            }
            break;
          case 'Body': {
            const statement = node.parent;
            if (
              statement &&
              (statement.name === 'IfStatement' ||
                statement.name === 'TryStatement')
            ) {
              let arm = 0;
              for (let s = node.prevSibling; s; s = s.prevSibling) {
                if (s.name === 'Body') arm++;
              }
              context = {
                ...parent,
                arms: {
                  value: { statement: statement.from, arm },
                  next: parent.arms,
                },
              };
            }
            break;
          }
          case 'ForStatement': {
            const loop = this.readFor(
              node,
              parent.fn,
              parent.bodyClass,
              conditional(parent),
            );
            context = { ...parent, loops: { value: loop, next: parent.loops } };
            break;
          }
          case 'WithStatement':
            this.readWith(node, parent.fn, conditional(parent));
            break;
          case 'AssignStatement':
            this.readAssign(
              node,
              parent.fn,
              parent.bodyClass,
              conditional(parent),
              bound,
            );
            break;
          case 'CallExpression':
            this.readCall(node, parent, bound);
            break;
          case 'String': {
            const value =
              node.to - node.from < 120 ? syntax.stringValue(node) : undefined;
            if (
              value !== undefined &&
              IMPORT_PATH.test(value) &&
              !this.runByChildProcess(node)
            ) {
              this.importPaths.push(value.split(':')[0]);
            }
            break;
          }
          case 'ReturnStatement': {
            const value = node.lastChild;
            if (parent.fn && value && value.name !== 'return') {
              parent.fn.returns.push(value);
            }
            break;
          }
          default:
            if (COMPREHENSIONS.has(name)) {
              const loop = comprehensionVariables(syntax, node);
              context = {
                ...parent,
                loops: { value: loop, next: parent.loops },
              };
            }
        }
        stack.push(context);
      },
      leave: () => {
        stack.pop();
      },
    });
  }

  /**
   * A module named after `"-m"` in an argument list
   * (`subprocess.run([sys.executable, "-m", "pkg.job"])`) runs in a child
   * process of its own: this process does not import it.
   */
  private runByChildProcess(node: SyntaxNode): boolean {
    let before = node.prevSibling;
    if (before?.name === ',') before = before.prevSibling;
    return (
      before?.name === 'String' &&
      before.to - before.from < 8 &&
      this.syntax.stringValue(before) === '-m'
    );
  }

  private isMainGuard(node: SyntaxNode): boolean {
    const condition = node.firstChild?.nextSibling;
    if (!condition || condition.name !== 'BinaryExpression') return false;
    const text = this.syntax.textOf(condition).replace(/\s+/g, '');
    return /^(__name__==["']__main__["']|["']__main__["']==__name__)$/.test(
      text,
    );
  }

  private readImport(node: SyntaxNode): void {
    const syntax = this.syntax;
    const line = syntax.lineOf(node);
    const children = childrenOf(node);
    if (children[0]?.name === 'from') {
      let module = '';
      let i = 1;
      for (; i < children.length && children[i].name !== 'import'; i++) {
        module += syntax.textOf(children[i]);
      }
      const names = children.slice(i + 1);
      for (let j = 0; j < names.length; j++) {
        const child = names[j];
        if (child.name === '*') {
          this.starImports.push(module);
          continue;
        }
        if (child.name !== 'VariableName') continue;
        const name = syntax.textOf(child);
        let local = name;
        if (names[j + 1]?.name === 'as' && names[j + 2]) {
          local = syntax.textOf(names[j + 2]);
          j += 2;
        }
        this.imports.push({ local, module, name, line });
      }
      return;
    }
    // import a.b.c [as x], d
    let parts: string[] = [];
    const flush = (alias?: string) => {
      if (parts.length === 0) return;
      const module = parts.join('.');
      this.imports.push({ local: alias ?? parts[0], module, line });
      if (!alias && parts.length > 1) {
        // `import a.b` binds `a`, and also loads `a.b`.
        this.imports.push({ local: parts[0], module: parts[0], line });
      }
      parts = [];
    };
    for (let j = 1; j < children.length; j++) {
      const child = children[j];
      if (child.name === 'VariableName') parts.push(syntax.textOf(child));
      else if (child.name === 'as' && children[j + 1]) {
        flush(syntax.textOf(children[j + 1]));
        j++;
      } else if (child.name === ',') flush();
    }
    flush();
  }

  private readFunction(
    node: SyntaxNode,
    parent: FunctionInfo | undefined,
    owner: ClassInfo | undefined,
  ): FunctionInfo {
    const syntax = this.syntax;
    const nameNode = node.getChild('VariableName');
    const params: Parameter[] = [];
    const list = node.getChild('ParamList');
    if (list) {
      const children = childrenOf(list);
      let index = 0;
      let keywordOnly = false;
      for (let i = 0; i < children.length; i++) {
        const child = children[i];
        if (child.name === '*' || child.name === '**') {
          keywordOnly = true;
          if (children[i + 1]?.name === 'VariableName') {
            params.push({ name: syntax.textOf(children[i + 1]), index: -1 });
            i++;
          }
          continue;
        }
        if (child.name !== 'VariableName') continue;
        const name = syntax.textOf(child);
        let j = i + 1;
        if (children[j]?.name === 'TypeDef') j++;
        const param: Parameter = { name, index: -1 };
        if (children[j]?.name === 'AssignOp' && children[j + 1]) {
          param.default = children[j + 1];
          j++;
        }
        i = j;
        const receiver =
          owner !== undefined && params.length === 0 && index === 0;
        if (receiver && (name === 'self' || name === 'cls')) continue;
        if (!keywordOnly) param.index = index++;
        params.push(param);
      }
    }
    const fn: FunctionInfo = {
      name: nameNode ? syntax.textOf(nameNode) : '',
      node,
      line: syntax.lineOf(node),
      params,
      owner,
      parent,
      decorators: decoratorsOf(syntax, node),
      returns: [],
    };
    this.functions.push(fn);
    if (owner && !parent) owner.methods.set(fn.name, fn);
    return fn;
  }

  private readClass(node: SyntaxNode, parent?: FunctionInfo): ClassInfo {
    const syntax = this.syntax;
    const nameNode = node.getChild('VariableName');
    const bases: string[] = [];
    const args = node.getChild('ArgList');
    if (args) {
      for (const base of callArguments(syntax, args).positional) {
        const name = dottedName(syntax, base);
        if (name) bases.push(name);
      }
    }
    const cls: ClassInfo = {
      name: nameNode ? syntax.textOf(nameNode) : '',
      node,
      line: syntax.lineOf(node),
      bases,
      decorators: decoratorsOf(syntax, node),
      methods: new Map(),
      parent,
    };
    this.classes.push(cls);
    return cls;
  }

  private readFor(
    node: SyntaxNode,
    fn: FunctionInfo | undefined,
    cls: ClassInfo | undefined,
    inBranch: boolean,
  ): LoopVariable {
    const syntax = this.syntax;
    const children = childrenOf(node);
    const names: string[] = [];
    let iter: SyntaxNode | undefined;
    for (let i = 1; i < children.length; i++) {
      const child = children[i];
      if (child.name === 'in') {
        iter = children[i + 1];
        break;
      }
      collectNames(syntax, child, names);
    }
    for (const name of names) {
      this.assignments.push({
        target: name,
        value: iter,
        kind: 'for',
        conditional: inBranch,
        line: syntax.lineOf(node),
        from: node.from,
        fn,
        cls: fn ? undefined : cls,
      });
    }
    return { names, iter };
  }

  private readWith(
    node: SyntaxNode,
    fn: FunctionInfo | undefined,
    inBranch: boolean,
  ): void {
    const syntax = this.syntax;
    const children = childrenOf(node);
    for (let i = 1; i + 2 < children.length; i++) {
      if (children[i + 1].name === 'as') {
        const target = children[i + 2];
        if (target.name === 'VariableName') {
          this.assignments.push({
            target: syntax.textOf(target),
            value: children[i],
            kind: 'with',
            conditional: inBranch,
            line: syntax.lineOf(children[i]),
            from: children[i].from,
            fn,
          });
        }
      }
    }
  }

  private readAssign(
    node: SyntaxNode,
    fn: FunctionInfo | undefined,
    cls: ClassInfo | undefined,
    inBranch: boolean,
    bound: Map<string, string>,
  ): void {
    const syntax = this.syntax;
    const groups: SyntaxNode[][] = [[]];
    let annotation = false;
    for (const child of childrenOf(node)) {
      if (child.name === 'AssignOp') groups.push([]);
      else if (child.name === 'TypeDef') annotation = true;
      else if (child.name !== ',') groups[groups.length - 1].push(child);
    }
    const line = syntax.lineOf(node);
    if (groups.length === 1) {
      // `name: type` (a settings field without a default).
      const [target] = groups[0];
      if (annotation && target?.name === 'VariableName') {
        this.assignments.push({
          target: syntax.textOf(target),
          kind: 'annotation',
          conditional: inBranch,
          line,
          from: node.from,
          fn,
          cls,
        });
      }
      return;
    }
    const values = groups[groups.length - 1];
    for (const targets of groups.slice(0, -1)) {
      targets.forEach((target, i) => {
        const name = targetName(syntax, target);
        if (!name) return;
        const paired = values.length === targets.length;
        const value = paired ? values[i] : values[0];
        if (!value) return;
        this.assignments.push({
          target: name,
          value,
          unpack: !paired && targets.length > 1 ? i : undefined,
          kind: 'assign',
          conditional: inBranch,
          line,
          from: node.from,
          fn,
          cls,
        });
        const call = value.name === 'AwaitExpression' ? value.lastChild : value;
        if (call && (paired || i === 0)) {
          bound.set(`${call.from}:${call.to}`, name);
        }
      });
    }
  }

  private readCall(
    node: SyntaxNode,
    context: Context,
    bound: Map<string, string>,
  ): void {
    const syntax = this.syntax;
    const callee = node.firstChild;
    if (!callee) return;
    let args: CallArguments | undefined;
    this.calls.push({
      node,
      callee,
      dotted: dottedName(syntax, callee),
      get args() {
        args ??= callArguments(syntax, node.getChild('ArgList'));
        return args;
      },
      get line() {
        return syntax.lineOf(node);
      },
      fn: context.fn,
      cls: context.cls,
      inMainGuard: context.mainGuard,
      arms: listOf(context.arms),
      loops: listOf(context.loops),
      bound: bound.get(`${node.from}:${node.to}`),
    });
  }
}

function decoratorsOf(syntax: PythonSyntax, node: SyntaxNode): string[] {
  const parent = node.parent;
  if (!parent || parent.name !== 'DecoratedStatement') return [];
  return parent
    .getChildren('Decorator')
    .map(decorator =>
      syntax
        .textOf(decorator)
        .replace(/^@\s*/, '')
        .replace(/\(.*$/s, '')
        .trim(),
    );
}

function targetName(
  syntax: PythonSyntax,
  node: SyntaxNode,
): string | undefined {
  const dotted = dottedName(syntax, node);
  if (dotted) return dotted;
  if (node.name === 'MemberExpression') {
    // `models["a"] = …` binds into `models`.
    const object = node.firstChild;
    return object ? dottedName(syntax, object) : undefined;
  }
  return undefined;
}

function collectNames(
  syntax: PythonSyntax,
  node: SyntaxNode,
  names: string[],
  depth = 0,
): void {
  if (node.name === 'VariableName') {
    names.push(syntax.textOf(node));
    return;
  }
  if (
    depth < 8 &&
    (node.name === 'TupleExpression' ||
      node.name === 'ParenthesizedExpression' ||
      node.name === 'ArrayExpression')
  ) {
    for (const child of childrenOf(node)) {
      collectNames(syntax, child, names, depth + 1);
    }
  }
}

function comprehensionVariables(
  syntax: PythonSyntax,
  node: SyntaxNode,
): LoopVariable {
  const children = childrenOf(node);
  const names: string[] = [];
  let iter: SyntaxNode | undefined;
  for (let i = 0; i < children.length; i++) {
    if (children[i].name !== 'for') continue;
    for (let j = i + 1; j < children.length; j++) {
      if (children[j].name === 'in') {
        iter ??= children[j + 1];
        i = j;
        break;
      }
      collectNames(syntax, children[j], names);
    }
  }
  return { names, iter };
}
