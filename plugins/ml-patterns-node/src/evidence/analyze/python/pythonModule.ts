import type { SyntaxNode } from '@lezer/common';
import {
  callArguments,
  CallArguments,
  dottedName,
  PythonSyntax,
} from './syntax';
import type {
  Assignment,
  BranchArm,
  CallInfo,
  ClassInfo,
  FunctionInfo,
  ImportBinding,
  LoopVariable,
} from './moduleFacts';
import { readImport } from './importStatements';
import { implicitArmAfter } from './exitingBranches';
import { readClass, readFunction } from './definitionStatements';
import {
  comprehensionVariables,
  readAssign,
  readFor,
  readWith,
} from './bindingStatements';

/**
 * What one Python module says, read from its syntax tree in one pass:
 * the names it imports, the functions and classes it defines, every
 * assignment (module, class body, function) and every call with the
 * context it runs in (function, class, loops, `if`/`try` arms, the
 * `if __name__ == "__main__":` block).
 *
 * The walk stays here, with the context it passes down (function, class,
 * arms, loops); the statements it reads are read by `importStatements`,
 * `definitionStatements` and `bindingStatements` (the facts are in
 * `moduleFacts`).
 */

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
  /** Implicit `else` arms: the node follows an `if` whose every arm returns or raises. */
  exits?: Link<BranchArm>;
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
            readImport(this, node);
            break;
          case 'FunctionDefinition': {
            const fn = readFunction(this, node, parent.fn, parent.bodyClass);
            context = { fn, cls: parent.cls, mainGuard: parent.mainGuard };
            break;
          }
          case 'ClassDefinition': {
            const cls = readClass(this, node, parent.fn);
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
            const loop = readFor(
              this,
              node,
              parent.fn,
              parent.bodyClass,
              conditional(parent),
            );
            context = { ...parent, loops: { value: loop, next: parent.loops } };
            break;
          }
          case 'WithStatement':
            readWith(this, node, parent.fn, conditional(parent));
            break;
          case 'AssignStatement':
            readAssign(
              this,
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
      leave: ref => {
        stack.pop();
        if (ref.name !== 'IfStatement' && ref.name !== 'TryStatement') return;
        const node = ref.node;
        const after =
          ref.name === 'IfStatement' && this.isMainGuard(node)
            ? undefined
            : implicitArmAfter(node);
        if (!after) return;
        // The rest of the enclosing block is an implicit arm of the statement.
        const block = stack[stack.length - 1];
        stack[stack.length - 1] = {
          ...block,
          exits: { value: after, next: block.exits },
        };
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
      arms: context.exits
        ? [...listOf(context.arms), ...listOf(context.exits)]
        : listOf(context.arms),
      loops: listOf(context.loops),
      bound: bound.size > 0 ? bound.get(`${node.from}:${node.to}`) : undefined,
    });
  }
}
