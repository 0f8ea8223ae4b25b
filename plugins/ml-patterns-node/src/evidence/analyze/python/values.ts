import type { SyntaxNode } from '@lezer/common';
import { callValue } from './callValue';
import { callTarget, CallTarget } from './callTargets';
import { methodOf, ProjectFunction } from './classMembers';
import {
  binaryValue,
  collectionValue,
  formatStringValue,
} from './compositeValues';
import { memberValue } from './memberValues';
import type { CallInfo, ClassInfo } from './moduleFacts';
import { assignedValue, nameValue } from './nameValues';
import type { PythonModule } from './pythonModule';
import type { PythonProject } from './pythonProject';
import { partsOf } from './syntax';
import {
  emptyValue,
  literalValue,
  Scope,
  unionOf,
  unknownValue,
  Value,
} from './value';

/**
 * Reads what Python expressions hold (see {@link Value}). Each kind of
 * expression has its reader in a file of its own (names, members, calls,
 * composites); they read the parts of an expression back through this
 * class, which bounds the recursion: a depth limit, and no expression
 * read again while it is being read. The methods besides `read` are the
 * entry points analyzers use.
 */
export class ValueReader {
  private readonly visiting = new Set<string>();

  constructor(readonly project: PythonProject) {}

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
        return nameValue(this, syntax.textOf(node), scope, depth);
      case 'MemberExpression':
        return memberValue(this, node, scope, depth);
      case 'CallExpression':
        return callValue(this, this.project, node, scope, depth);
      default:
        return unknownValue();
    }
  }

  /** Values of assignments to one name (any of them may be the one that runs). */
  assigned(
    assignments: PythonModule['assignments'],
    scope: Scope,
    depth: number,
  ): Value {
    return assignedValue(this, assignments, scope, depth);
  }

  /** The project class or function a call names, through imports and `self.` methods. */
  callTarget(
    module: PythonModule,
    dotted: string,
    scope: Scope | undefined,
    depth: number,
  ): CallTarget | undefined {
    return callTarget(this, module, dotted, scope, depth);
  }

  /** A method of a class, or inherited from a project base class. */
  methodOf(
    module: PythonModule,
    cls: ClassInfo,
    name: string,
    depth: number,
  ): ProjectFunction | undefined {
    return methodOf(this, module, cls, name, depth);
  }
}
