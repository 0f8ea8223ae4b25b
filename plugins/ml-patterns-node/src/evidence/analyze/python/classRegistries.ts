import type { SyntaxNode } from '@lezer/common';
import { memoizedPerName } from '../memoizedPer';
import type { ArtifactLoad, CallSite } from './artifactLoads';
import type { ArmImport } from './armImportedModules';
import type { EnteringCalls } from './alternativeLoads';
import type { ClassInfo, FunctionInfo } from './moduleFacts';
import type { PythonModule } from './pythonModule';
import { isTestModule } from './pythonProject';
import type { ValueReader } from './values';
import { childrenOf, partsOf } from './syntax';

/**
 * Classes kept in a collection by name, one of them built by a key read at
 * run time (`engines = (SpacyEngine, StanzaEngine)`, `self.engines =
 * {e.name: e for e in engines}`, then `self.engines[conf["engine"]]()`):
 * the process builds the one its configuration names, so what the classes
 * load are alternatives, one model slot. A loop calling every member of
 * the collection builds them all.
 */

const MAX_MODULES = 16;
const MAX_SITES = 16;

const COLLECTIONS = new Set([
  'DictionaryExpression',
  'ArrayExpression',
  'TupleExpression',
]);

const COMPREHENSIONS = new Set([
  'DictionaryComprehensionExpression',
  'ArrayComprehensionExpression',
  'SetComprehensionExpression',
  'ComprehensionExpression',
]);

/** The last segment of an assignment target or name (`self.engines` → `engines`). */
function lastName(text: string): string {
  return text.slice(text.lastIndexOf('.') + 1);
}

/** The project class a name written in a module stands for (through imports and re-exports). */
function classNamed(
  reader: ValueReader,
  module: PythonModule,
  name: string,
): ClassInfo | undefined {
  const target = reader.callTarget(module, name, undefined, 0);
  return target?.kind === 'class' ? target.cls : undefined;
}

/** The names a collection is held under: its targets and the targets of comprehensions over them. */
function heldUnder(module: PythonModule, first: string): Set<string> {
  const names = new Set([first]);
  for (let grown = true; grown; ) {
    grown = false;
    for (const a of module.assignments) {
      const target = lastName(a.target);
      if (names.has(target) || !a.value || !COMPREHENSIONS.has(a.value.name))
        continue;
      if (iterated(module, a.value).some(n => names.has(n))) {
        names.add(target);
        grown = true;
      }
    }
  }
  return names;
}

/** What a comprehension or loop iterates over, by last name (`x in engines.values()` → `engines`). */
function iterated(module: PythonModule, node: SyntaxNode): string[] {
  const out: string[] = [];
  const children = childrenOf(node);
  children.forEach((child, i) => {
    if (child.name !== 'in') return;
    const source = children[i + 1];
    if (source) out.push(...iterableNames(module, source));
  });
  return out;
}

function iterableNames(module: PythonModule, source: SyntaxNode): string[] {
  let node: SyntaxNode | null = source;
  // `engines.values()` / `engines.items()`: the collection itself.
  if (node.name === 'CallExpression') node = node.firstChild;
  if (
    node?.name === 'MemberExpression' &&
    node.lastChild?.name === 'PropertyName'
  ) {
    const property = module.syntax.textOf(node.lastChild);
    if (property === 'values' || property === 'items' || property === 'keys') {
      node = node.firstChild;
    }
  }
  if (!node) return [];
  if (node.name === 'VariableName') return [module.syntax.textOf(node)];
  if (
    node.name === 'MemberExpression' &&
    node.lastChild?.name === 'PropertyName'
  )
    return [module.syntax.textOf(node.lastChild)];
  return [];
}

/** `X[key]` or `self.X[key]` with a key not written in place: the collection's last name. */
function pickedName(
  module: PythonModule,
  node: SyntaxNode,
): string | undefined {
  if (node.name !== 'MemberExpression') return undefined;
  const object = node.firstChild;
  if (object?.nextSibling?.name !== '[') return undefined;
  const key = object.nextSibling.nextSibling;
  if (!key || key.name === 'String' || key.name === 'Number') return undefined;
  return iterableNames(module, object)[0];
}

/**
 * Whether the module builds one member of the collection held under these
 * names by a run-time key, and never calls every member in a loop.
 */
function pickedByKey(module: PythonModule, names: Set<string>): boolean {
  let picked = false;
  const builtFrom = new Set<string>();
  for (const a of module.assignments) {
    if (!a.value) continue;
    if (a.kind === 'for') {
      // `for cls in ENGINES.values(): cls()`: every member is built.
      if (iterableNames(module, a.value).some(n => names.has(n)))
        builtFrom.add(a.target);
      continue;
    }
    const name = pickedName(module, a.value);
    if (name !== undefined && names.has(name)) builtFrom.add(`=${a.target}`);
  }
  for (const call of module.calls) {
    const name = pickedName(module, call.callee);
    if (name !== undefined && names.has(name)) picked = true;
    if (call.dotted === undefined) continue;
    if (builtFrom.has(call.dotted)) return false;
    if (builtFrom.has(`=${call.dotted}`)) picked = true;
  }
  return picked;
}

/** The collections of the project holding a class, each as a choice: the collection and the class's place in it. */
const choicesOf = memoizedPerName(
  (reader: ValueReader, key: string): ArmImport | undefined => {
    const project = reader.project;
    const [home, name] = key.split('\u0000');
    const cls = project.module(home)?.moduleClass(name);
    if (!cls) return undefined;
    const paths = [home, ...project.mentioning(name).filter(p => p !== home)];
    for (const path of paths.slice(0, MAX_MODULES)) {
      if (isTestModule(path)) continue;
      const module = project.module(path);
      if (!module) continue;
      for (const a of module.assignments) {
        if (a.kind !== 'assign' || !a.value || !COLLECTIONS.has(a.value.name))
          continue;
        const members = partsOf(a.value).flatMap(p =>
          p.name === 'VariableName'
            ? [classNamed(reader, module, module.syntax.textOf(p))]
            : [],
        );
        const index = members.indexOf(cls);
        if (members.some(m => m === undefined)) continue;
        if (index < 0 || members.length < 2) continue;
        if (!pickedByKey(module, heldUnder(module, lastName(a.target))))
          continue;
        return {
          importer: module.path,
          statement: a.value.from,
          arm: index,
          line: module.syntax.lineOf(a.value),
          chooser: 'classes of the collection picked by a key read at run time',
        };
      }
    }
    return undefined;
  },
);

/** The class a call's code belongs to (the outermost function's class). */
function ownerOf(fn: FunctionInfo | undefined): ClassInfo | undefined {
  const outer = outermost(fn);
  const cls = outer?.owner;
  // A class defined in a function is not reachable by its module's name.
  return cls?.parent ? undefined : cls;
}

/** The string a decorator registers a function under (`@registry.tokenizers("Name.v1")`). */
function registeredName(
  module: PythonModule,
  fn: FunctionInfo,
): string | undefined {
  const parent = fn.node.parent;
  if (parent?.name !== 'DecoratedStatement') return undefined;
  for (const decorator of parent.getChildren('Decorator')) {
    const cursor = decorator.cursor();
    while (cursor.next() && cursor.to <= decorator.to) {
      if (cursor.name === 'String')
        return module.syntax.stringValue(cursor.node);
    }
  }
  return undefined;
}

/** Whether a function's code writes a string literal of this value. */
function writesString(module: PythonModule, fn: FunctionInfo, value: string) {
  const cursor = fn.node.cursor();
  while (cursor.next() && cursor.to <= fn.node.to) {
    if (
      cursor.name === 'String' &&
      module.syntax.stringValue(cursor.node) === value
    )
      return true;
  }
  return false;
}

/**
 * The call sites through which a function the project never calls by name
 * runs: a function registered under a name by a decorator (a library's
 * registry of factories) runs where code of its module names it.
 */
function namingSites(module: PythonModule, fn: FunctionInfo): CallSite[] {
  const name = registeredName(module, fn);
  if (name === undefined) return [];
  const sites: CallSite[] = [];
  for (const call of module.calls) {
    const outer = outermost(call.fn);
    if (!outer || outer === fn) continue;
    if (sites.some(site => outermost(site.call.fn) === outer)) continue;
    if (writesString(module, outer, name)) sites.push({ module, call });
  }
  return sites;
}

function outermost(fn: FunctionInfo | undefined): FunctionInfo | undefined {
  let outer = fn;
  while (outer?.parent) outer = outer.parent;
  return outer;
}

/**
 * The collection a load's class is picked from by a run-time key, as a
 * branch choice (see `alternativeImports`): loads of different members of
 * one collection are alternatives.
 */
export function registryChoiceOf(
  reader: ValueReader,
  load: ArtifactLoad,
  entering?: EnteringCalls,
): ArmImport | undefined {
  const last = load.chain[load.chain.length - 1];
  const sites: CallSite[] = [...load.chain, ...(entering?.(last) ?? [])];
  const seen = new Set<CallSite>(sites);
  for (let i = 0; i < sites.length && i < MAX_SITES; i++) {
    const site = sites[i];
    const cls = ownerOf(site.call.fn);
    if (cls) {
      const choice = choicesOf(reader, `${site.module.path}\u0000${cls.name}`);
      if (choice) return choice;
      continue;
    }
    const fn = outermost(site.call.fn);
    if (!fn) continue;
    for (const naming of namingSites(site.module, fn)) {
      for (const next of [naming, ...(entering?.(naming) ?? [])]) {
        if (seen.has(next)) continue;
        seen.add(next);
        sites.push(next);
      }
    }
  }
  return undefined;
}
