import fs from 'node:fs';
import path from 'node:path';
import { stringify as toYaml } from 'yaml';
import { CorpusCase } from './corpus';

/**
 * Writes the catalog entity a case is scored as — the role and owner its
 * label gives, as an adopter's catalog would declare them — into `dir`,
 * and returns the file's path.
 */
export function writeCaseDescriptor(
  corpusCase: CorpusCase,
  dir: string,
): string {
  const descriptor = path.join(dir, 'catalog-info.yaml');
  fs.writeFileSync(
    descriptor,
    toYaml({
      apiVersion: 'backstage.io/v1alpha1',
      kind: corpusCase.role === 'model' ? 'Resource' : 'Component',
      metadata: {
        // Entity names allow letters, digits and single dashes, 63 at most.
        name: corpusCase.id
          .replace(/[^a-zA-Z0-9-]+/g, '-')
          .slice(0, 63)
          .replace(/-+$/, ''),
        annotations: { 'ml-patterns.io/scope': corpusCase.role },
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: corpusCase.owner,
      },
    }),
  );
  return descriptor;
}
