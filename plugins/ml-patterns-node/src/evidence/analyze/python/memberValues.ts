import type { SyntaxNode } from '@lezer/common';
import { canonicalCallee } from './canonicalCallee';
import { classMemberValue } from './classMembers';
import { exportedValue } from './exportedValues';
import { tableEntry } from './tableLookups';
import { dottedName, partsOf } from './syntax';
import {
  CONFIG_ROOT,
  configValue,
  emptyValue,
  parentOf,
  Scope,
  unknownValue,
  Value,
} from './value';
import type { ValueReader } from './values';

/** `container[key]` or `object.attribute`. */
export function memberValue(
  reader: ValueReader,
  node: SyntaxNode,
  scope: Scope,
  depth: number,
): Value {
  const syntax = scope.module.syntax;
  const object = node.firstChild;
  const last = node.lastChild;
  if (!object || !last) return unknownValue();
  if (last.name === ']') {
    return subscriptValue(reader, node, object, scope, depth);
  }
  const dotted = dottedName(syntax, node);
  const attribute = syntax.textOf(last);
  if (dotted && CONFIG_ROOT.test(dotted.slice(0, dotted.lastIndexOf('.')))) {
    const read = attributeOf(reader, object, attribute, scope, depth);
    if (read && (read.keys.length > 0 || read.literals.length > 0)) {
      return read;
    }
    return configValue(dotted);
  }
  const read = attributeOf(reader, object, attribute, scope, depth);
  if (read) return read;
  return unknownValue();
}

/**
 * `container[key]`: an environment variable, a command-line argument, an
 * entry of a table the code spells out, a configuration entry, or one
 * element of what the container holds.
 */
function subscriptValue(
  reader: ValueReader,
  node: SyntaxNode,
  object: SyntaxNode,
  scope: Scope,
  depth: number,
): Value {
  const syntax = scope.module.syntax;
  const keyNode = partsOf(node)[1];
  const key = keyNode ? syntax.stringValue(keyNode) : undefined;
  const base = dottedName(syntax, object);
  const canonical = base
    ? canonicalCallee(reader.project, scope.module, base)
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
  const container = reader.read(object, scope, depth + 1);
  if (container.object?.kind === 'registered') return container;
  const entry =
    keyNode && key === undefined
      ? tableEntry(reader, container, keyNode, scope, depth)
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

/** `object.attribute`, for classes, instances, modules, configuration and paths. */
function attributeOf(
  reader: ValueReader,
  objectNode: SyntaxNode,
  attribute: string,
  scope: Scope,
  depth: number,
): Value | undefined {
  const syntax = scope.module.syntax;
  const objectText = syntax.textOf(objectNode);
  if ((objectText === 'self' || objectText === 'cls') && scope.cls) {
    return classMemberValue(
      reader,
      scope.module,
      scope.cls,
      attribute,
      true,
      depth,
      scope.bound,
    );
  }
  const base = reader.read(objectNode, scope, depth + 1);
  const object = base.object;
  if (object?.kind === 'registered') return base;
  if (object?.kind === 'class' || object?.kind === 'instance') {
    return classMemberValue(
      reader,
      object.module,
      object.cls,
      attribute,
      object.kind === 'instance',
      depth,
    );
  }
  if (object?.kind === 'module') {
    return exportedValue(reader, object.module, attribute, depth + 1);
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
