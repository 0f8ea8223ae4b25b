import type { SyntaxNode } from '@lezer/common';
import { baseName } from '../paths';
import { callValue } from './callValue';
import { canonicalCallee } from './canonicalCallee';
import {
  binaryValue,
  collectionValue,
  formatStringValue,
} from './compositeValues';
import { PythonModule } from './pythonModule';
import { CallInfo, ClassInfo, FunctionInfo } from './moduleFacts';
import { parameterValue } from './parameterValues';
import { PythonProject } from './pythonProject';
import { reaching } from './reachingAssignments';
import { loopSource } from './loopElements';
import { tableEntry } from './tableLookups';
import { modelNameCount } from './modelNames';
import { fieldDefaultOf, settingsKey } from './settingsFields';
import { dottedName, partsOf } from './syntax';
import {
  CONFIG_ROOT,
  configValue,
  emptyValue,
  literalValue,
  parentOf,
  Scope,
  unionOf,
  unknownValue,
  Value,
} from './value';

/** Classes deriving (here or in an imported project module) from pydantic's `BaseSettings`. */
const SETTINGS_BASE = /(?:^|\.)BaseSettings$/;

export class ValueReader {
  private readonly visiting = new Set<string>();

  constructor(private readonly project: PythonProject) {}

  scopeOf(module: PythonModule, call: CallInfo): Scope {
    return {
      module,
      fn: call.fn,
      cls: call.cls,
      loops: call.loops,
      at: call.node.from,
    };
  }

  read(node: SyntaxNode | undefined, scope: Scope, depth = 0): Value {
    if (!node || depth > 14) return unknownValue();
    const key = `${scope.module.path}:${node.from}:${node.to}:${
      scope.bound?.call.node.from ?? ''
    }`;
    if (this.visiting.has(key)) return unknownValue();
    this.visiting.add(key);
    try {
      return this.readNode(node, scope, depth);
    } finally {
      this.visiting.delete(key);
    }
  }

  private readNode(node: SyntaxNode, scope: Scope, depth: number): Value {
    const syntax = scope.module.syntax;
    switch (node.name) {
      case 'String':
      case 'ContinuedString': {
        const value = syntax.stringValue(node);
        return value === undefined ? unknownValue() : literalValue(value);
      }
      case 'FormatString':
        return formatStringValue(this, node, scope, depth);
      case 'Number':
      case 'None':
      case 'Boolean':
        return emptyValue();
      case 'ParenthesizedExpression':
      case 'AwaitExpression': {
        const inner = partsOf(node).filter(n => n.name !== 'await');
        return this.read(inner[inner.length - 1], scope, depth + 1);
      }
      case 'ConditionalExpression':
      case 'BooleanExpression': {
        const parts = partsOf(node);
        const branches =
          node.name === 'ConditionalExpression'
            ? [parts[0], parts[parts.length - 1]]
            : parts;
        return unionOf(branches.map(p => this.read(p, scope, depth + 1)));
      }
      case 'BinaryExpression':
        return binaryValue(this, node, scope, depth);
      case 'ArrayExpression':
      case 'TupleExpression':
      case 'SetExpression':
      case 'DictionaryExpression':
        return collectionValue(this, node, scope, depth);
      case 'VariableName':
        return this.name(syntax.textOf(node), scope, depth);
      case 'MemberExpression':
        return this.member(node, scope, depth);
      case 'CallExpression':
        return callValue(this, this.project, node, scope, depth);
      default:
        return unknownValue();
    }
  }

  /** A name in scope: loop variable, parameter, local, module-level or imported. */
  name(name: string, scope: Scope, depth: number): Value {
    // Paths are kept relative to the module's folder (`Path(__file__).parent` is ``).
    if (name === '__file__') return literalValue(baseName(scope.module.path));
    for (const loop of scope.loops) {
      if (loop.names.includes(name)) {
        return loop.iter
          ? this.element(loop.iter, loop.names.length, scope, depth)
          : { ...unknownValue(), multiple: true };
      }
    }
    for (let fn = scope.fn; fn; fn = fn.parent) {
      const param = fn.params.find(p => p.name === name);
      if (param) {
        return parameterValue(this, fn, param, scope, depth);
      }
      const locals = scope.module.assignmentsTo(name).filter(a => a.fn === fn);
      if (locals.length > 0) {
        return this.assigned(reaching(locals, scope.at), scope, depth);
      }
    }
    // A class body sees the names its earlier statements bind.
    const inBody = scope.fn ? [] : scope.module.assignmentsTo(name);
    const own = inBody.filter(a => scope.cls && a.cls === scope.cls && !a.fn);
    if (own.length > 0)
      return this.assigned(reaching(own, scope.at), scope, depth);
    const global = scope.module.moduleAssignments(name);
    if (global.length > 0) {
      // Module-level code sees the assignments made before it; functions run later.
      const at = scope.fn ? Number.MAX_SAFE_INTEGER : scope.at;
      return this.assigned(reaching(global, at), scope, depth);
    }
    return this.exported(scope.module, name, depth) ?? unknownValue();
  }

  /**
   * What a loop variable takes: the one element of a collection the code
   * spells out, else any element of what the loop goes through (several
   * things unless they are one model's files, none of them the
   * collection object itself).
   */
  private element(
    iter: SyntaxNode,
    names: number,
    scope: Scope,
    depth: number,
  ): Value {
    const outside: Scope = { ...scope, loops: [] };
    const source = loopSource(scope.module, iter, scope.fn, names, outside);
    if (source?.count === 1) {
      return source.element
        ? this.read(source.element, source.scope ?? outside, depth + 1)
        : { ...this.read(iter, outside, depth + 1), object: undefined };
    }
    const over = this.read(iter, outside, depth + 1);
    // A loop over one model's files (`["model.pkl", "scaler.pkl"]`, a
    // table of its weights, config and tokenizer) or over one id written
    // twice loads one model; a configuration key iterated over may hold
    // any number of entries.
    const several =
      !source?.oneModel &&
      (over.keys.length > 0 || (modelNameCount(over) ?? 2) > 1);
    return { ...over, multiple: several, object: undefined };
  }

  /** Values of assignments to one name (any of them may be the one that runs). */
  assigned(
    assignments: PythonModule['assignments'],
    scope: Scope,
    depth: number,
  ): Value {
    const values = assignments.slice(-4).map(a => {
      const inner: Scope = {
        module: scope.module,
        fn: a.fn,
        cls: a.cls ?? a.fn?.owner,
        loops: [],
        at: a.from,
        bound: scope.bound,
      };
      if (a.kind === 'annotation') return unknownValue();
      if (a.kind === 'for' && a.value) {
        const names = scope.module.assignments.filter(
          b => b.kind === 'for' && b.from === a.from,
        ).length;
        return this.element(a.value, names, inner, depth);
      }
      return this.read(a.value, inner, depth + 1);
    });
    return unionOf(values);
  }

  /** What a module-level name of a module holds (for names other modules import). */
  exported(
    module: PythonModule,
    name: string,
    depth: number,
  ): Value | undefined {
    if (depth > 14) return undefined;
    const cls = module.moduleClass(name);
    if (cls) return { ...emptyValue(), object: { kind: 'class', module, cls } };
    if (module.moduleFunction(name)) return undefined;
    const assignments = module.moduleAssignments(name);
    if (assignments.length > 0) {
      return this.assigned(
        assignments,
        { module, loops: [], at: Number.MAX_SAFE_INTEGER },
        depth + 1,
      );
    }
    const binding = module.importOf(name);
    if (binding) {
      const resolved = this.project.resolveImport(binding, module.path);
      if (!resolved) return undefined;
      const target = this.project.module(resolved.path);
      if (!target) return undefined;
      if (resolved.name === undefined) {
        return { ...emptyValue(), object: { kind: 'module', module: target } };
      }
      return this.exported(target, resolved.name, depth + 1);
    }
    for (const star of module.starImports) {
      const path = this.project.resolveModule(star, module.path);
      const target = path ? this.project.module(path) : undefined;
      const value = target ? this.exported(target, name, depth + 1) : undefined;
      if (value) return value;
    }
    return undefined;
  }

  private member(node: SyntaxNode, scope: Scope, depth: number): Value {
    const syntax = scope.module.syntax;
    const object = node.firstChild;
    const last = node.lastChild;
    if (!object || !last) return unknownValue();
    const dotted = dottedName(syntax, node);
    const subscript = last.name === ']';
    if (subscript) {
      const keyNode = partsOf(node)[1];
      const key = keyNode ? syntax.stringValue(keyNode) : undefined;
      const base = dottedName(syntax, object);
      const canonical = base
        ? canonicalCallee(this.project, scope.module, base)
        : undefined;
      if (
        key !== undefined &&
        (canonical === 'os.environ' || canonical === 'environ')
      ) {
        return { ...emptyValue(), keys: [{ key, env: true }] };
      }
      if (canonical === 'sys.argv') {
        return { ...emptyValue(), keys: [{ key: 'sys.argv', env: false }] };
      }
      const container = this.read(object, scope, depth + 1);
      if (container.object?.kind === 'registered') return container;
      const entry =
        keyNode && key === undefined
          ? tableEntry(this, container, keyNode, scope, depth)
          : undefined;
      if (entry) return entry;
      if (container.object?.kind === 'config' && key !== undefined) {
        return configValue(`${container.object.key}[${JSON.stringify(key)}]`);
      }
      if (base && CONFIG_ROOT.test(base) && key !== undefined) {
        return configValue(`${base}[${JSON.stringify(key)}]`);
      }
      if (container.keys.length > 0 && key !== undefined) {
        // A mapping read from configuration.
        return {
          ...container,
          keys: container.keys.map(k => ({
            key: `${k.key}[${JSON.stringify(key)}]`,
            env: false,
          })),
          literals: [],
        };
      }
      // One element picked by its position (`parts[-2]`) is one value, not several.
      const positional =
        keyNode?.name === 'Number' ||
        (keyNode?.name === 'UnaryExpression' &&
          keyNode.lastChild?.name === 'Number');
      return {
        ...container,
        object: undefined,
        ...(positional && { multiple: false }),
      };
    }
    const attribute = syntax.textOf(last);
    if (dotted && CONFIG_ROOT.test(dotted.slice(0, dotted.lastIndexOf('.')))) {
      const read = this.attributeOf(object, attribute, scope, depth);
      if (read && (read.keys.length > 0 || read.literals.length > 0)) {
        return read;
      }
      return configValue(dotted);
    }
    const read = this.attributeOf(object, attribute, scope, depth);
    if (read) return read;
    return unknownValue();
  }

  /** `object.attribute`, for classes, instances, modules, configuration and paths. */
  private attributeOf(
    objectNode: SyntaxNode,
    attribute: string,
    scope: Scope,
    depth: number,
  ): Value | undefined {
    const syntax = scope.module.syntax;
    const objectText = syntax.textOf(objectNode);
    if ((objectText === 'self' || objectText === 'cls') && scope.cls) {
      return this.classMember(
        scope.module,
        scope.cls,
        attribute,
        true,
        depth,
        scope.bound,
      );
    }
    const base = this.read(objectNode, scope, depth + 1);
    const object = base.object;
    if (object?.kind === 'registered') return base;
    if (object?.kind === 'class' || object?.kind === 'instance') {
      return this.classMember(
        object.module,
        object.cls,
        attribute,
        object.kind === 'instance',
        depth,
      );
    }
    if (object?.kind === 'module') {
      return this.exported(object.module, attribute, depth + 1);
    }
    if (object?.kind === 'config') {
      return configValue(`${object.key}.${attribute}`);
    }
    if (base.keys.length > 0 || base.params.length > 0) {
      return {
        ...base,
        keys: base.keys.map(k => ({
          key: `${k.key}.${attribute}`,
          env: false,
        })),
        literals: [],
      };
    }
    if (attribute === 'parent' && base.literals.length > 0) {
      return { ...base, literals: base.literals.map(parentOf) };
    }
    if (/^(name|stem|value)$/.test(attribute)) return base;
    return undefined;
  }

  /** An attribute of a class or of its instances: settings fields, class attributes, `self.x = …`. */
  classMember(
    module: PythonModule,
    cls: ClassInfo,
    attribute: string,
    instance: boolean,
    depth: number,
    bound?: Scope['bound'],
  ): Value | undefined {
    if (depth > 14) return undefined;
    const inBody = module
      .assignmentsTo(attribute)
      .filter(a => a.cls === cls && !a.fn);
    const settings = this.settingsClass(module, cls, 0);
    const values: Value[] = [];
    if (settings && inBody.length > 0) {
      values.push({
        ...emptyValue(),
        keys: [
          {
            key: settingsKey(module, cls, attribute, inBody),
            env: true,
          },
        ],
      });
    }
    for (const a of inBody) {
      if (a.kind === 'annotation' || !a.value) continue;
      const fieldDefault = settings ? fieldDefaultOf(module, a.value) : a.value;
      if (!fieldDefault) continue;
      values.push(
        this.read(
          fieldDefault,
          { module, cls, loops: [], at: a.from },
          depth + 1,
        ),
      );
    }
    if (instance) {
      const target = `self.${attribute}`;
      for (const a of module.assignmentsTo(target)) {
        if (a.fn?.owner !== cls || !a.value) continue;
        values.push(
          this.read(
            a.value,
            { module, fn: a.fn, cls, loops: [], at: a.from, bound },
            depth + 1,
          ),
        );
      }
    }
    if (values.length > 0) return unionOf(values);
    for (const baseClass of cls.bases) {
      const base = this.classNamed(module, baseClass, depth);
      if (!base) continue;
      const inherited = this.classMember(
        base.module,
        base.cls,
        attribute,
        instance,
        depth + 1,
      );
      if (inherited) return inherited;
    }
    return undefined;
  }

  private classNamed(
    module: PythonModule,
    name: string,
    depth: number,
  ): { module: PythonModule; cls: ClassInfo } | undefined {
    const local = module.moduleClass(name);
    if (local) return { module, cls: local };
    const value = this.exported(module, name, depth + 1);
    return value?.object?.kind === 'class'
      ? { module: value.object.module, cls: value.object.cls }
      : undefined;
  }

  /** A pydantic settings class: its fields are read from the environment. */
  private settingsClass(
    module: PythonModule,
    cls: ClassInfo,
    depth: number,
  ): boolean {
    if (depth > 4) return false;
    return cls.bases.some(base => {
      const canonical = canonicalCallee(this.project, module, base);
      if (SETTINGS_BASE.test(canonical)) return true;
      const parent = this.classNamed(module, base, depth + 10);
      return parent
        ? this.settingsClass(parent.module, parent.cls, depth + 1)
        : false;
    });
  }

  /** The project class or function a call names, through imports and `self.` methods. */
  callTarget(
    module: PythonModule,
    dotted: string,
    scope: Scope | undefined,
    depth: number,
  ):
    | { kind: 'class'; module: PythonModule; cls: ClassInfo }
    | { kind: 'function'; module: PythonModule; fn: FunctionInfo }
    | undefined {
    if (depth > 14) return undefined;
    const parts = dotted.split('.');
    if (parts.length === 1) {
      const fn = module.moduleFunction(dotted);
      if (fn) return { kind: 'function', module, fn };
      const cls = module.moduleClass(dotted);
      if (cls) return { kind: 'class', module, cls };
      const binding = module.importOf(dotted);
      if (!binding) return undefined;
      const resolved = this.project.resolveImport(binding, module.path);
      const target = resolved ? this.project.module(resolved.path) : undefined;
      if (!target || resolved?.name === undefined) return undefined;
      return this.callTarget(target, resolved.name, undefined, depth + 1);
    }
    if ((parts[0] === 'self' || parts[0] === 'cls') && parts.length === 2) {
      const owner = scope?.cls;
      const method = owner
        ? this.methodOf(module, owner, parts[1], 0)
        : undefined;
      return method;
    }
    // `module.function(…)` for an imported project module.
    const head = module.importOf(parts[0]);
    if (head && parts.length === 2) {
      const resolved = this.project.resolveImport(head, module.path);
      const target = resolved ? this.project.module(resolved.path) : undefined;
      if (target && resolved?.name === undefined) {
        return this.callTarget(target, parts[1], undefined, depth + 1);
      }
    }
    return undefined;
  }

  methodOf(
    module: PythonModule,
    cls: ClassInfo,
    name: string,
    depth: number,
  ): { kind: 'function'; module: PythonModule; fn: FunctionInfo } | undefined {
    const fn = cls.methods.get(name);
    if (fn) return { kind: 'function', module, fn };
    if (depth > 4) return undefined;
    for (const baseClass of cls.bases) {
      const base = this.classNamed(module, baseClass, depth + 10);
      const inherited = base
        ? this.methodOf(base.module, base.cls, name, depth + 1)
        : undefined;
      if (inherited) return inherited;
    }
    return undefined;
  }
}
