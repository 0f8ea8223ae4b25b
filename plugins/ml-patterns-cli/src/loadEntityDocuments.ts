import { Entity } from '@backstage/catalog-model';
import fs from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { messageOf } from './messageOf';
import { UsageError } from './UsageError';

function isEntity(value: unknown): value is Entity {
  if (!value || typeof value !== 'object') {
    return false;
  }
  const candidate = value as Partial<Entity>;
  return (
    typeof candidate.apiVersion === 'string' &&
    typeof candidate.kind === 'string' &&
    typeof candidate.metadata === 'object' &&
    candidate.metadata !== null &&
    typeof candidate.metadata.name === 'string'
  );
}

/**
 * Reads the entities of a (multi-document) catalog descriptor. Documents
 * that are not entities (e.g. an empty trailing document) are skipped; YAML
 * errors are usage errors with the file and line.
 */
export async function loadEntityDocuments(file: string): Promise<Entity[]> {
  let text: string;
  try {
    // One small file: read at once rather than in four hops through the
    // thread pool (open, stat, read, close), each a wait on a busy machine.
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `cannot read entity file ${file}: ${messageOf(error)}`,
    );
  }
  // maxAliasCount bounds alias expansion (billion-laughs documents).
  const documents = parseAllDocuments(text, { prettyErrors: true });
  const list = Array.isArray(documents) ? documents : [documents];
  const entities: Entity[] = [];
  for (const document of list) {
    if (document.errors.length > 0) {
      throw new UsageError(
        `invalid YAML in ${file}: ${document.errors[0].message}`,
      );
    }
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: 100 });
    } catch (error) {
      throw new UsageError(`invalid YAML in ${file}: ${messageOf(error)}`);
    }
    if (isEntity(value)) {
      entities.push(value);
    }
  }
  return entities;
}
