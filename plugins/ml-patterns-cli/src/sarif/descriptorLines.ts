import { Entity } from '@backstage/catalog-model';
import { isMap, isScalar, LineCounter, Node, parseAllDocuments } from 'yaml';

/** Lines of one entity in its catalog descriptor. */
export interface DescriptorLines {
  /** The line of the entity's `metadata.name`. */
  entity?: number;
  /** The line of a field, e.g. `spec.owner` or `metadata.annotations.ml-patterns.io/waivers`. */
  field(field: string): number | undefined;
}

/** Annotation and label keys hold dots of their own (`backstage.io/source-location`). */
function fieldPath(field: string): string[] {
  for (const prefix of ['metadata.annotations.', 'metadata.labels.']) {
    if (field.startsWith(prefix)) {
      return [...prefix.slice(0, -1).split('.'), field.slice(prefix.length)];
    }
  }
  return field.split('.');
}

/** The line of the key `path` leads to, walking mappings only. */
function keyLine(
  root: unknown,
  path: string[],
  lines: LineCounter,
): number | undefined {
  let node: unknown = root;
  let line: number | undefined;
  for (const segment of path) {
    if (!isMap(node)) return undefined;
    const pair = node.items.find(
      item => isScalar(item.key) && String(item.key.value) === segment,
    );
    const offset = (pair?.key as Node | undefined)?.range?.[0];
    if (!pair || offset === undefined) return undefined;
    line = lines.linePos(offset).line;
    node = pair.value;
  }
  return line;
}

function scalarAt(root: unknown, path: string[]): string | undefined {
  let node: unknown = root;
  for (const segment of path) {
    if (!isMap(node)) return undefined;
    node = node.get(segment, true);
  }
  return isScalar(node) ? String(node.value) : undefined;
}

/**
 * Finds the entity's document in the descriptor text (by kind, namespace
 * and name) and the lines of its fields, so that findings about the
 * descriptor land on the line that says it. Nothing is found in text
 * that does not hold the entity.
 */
export function descriptorLines(text: string, entity: Entity): DescriptorLines {
  const lines = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter: lines });
  const list = Array.isArray(documents) ? documents : [];
  const same = (a: string | undefined, b: string) =>
    (a ?? '').toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');
  const document = list.find(
    doc =>
      same(scalarAt(doc.contents, ['kind']), entity.kind) &&
      same(
        scalarAt(doc.contents, ['metadata', 'name']),
        entity.metadata.name,
      ) &&
      same(
        scalarAt(doc.contents, ['metadata', 'namespace']) ?? 'default',
        entity.metadata.namespace ?? 'default',
      ),
  );
  if (!document) {
    return { field: () => undefined };
  }
  return {
    entity: keyLine(document.contents, ['metadata', 'name'], lines),
    field: field => keyLine(document.contents, fieldPath(field), lines),
  };
}
