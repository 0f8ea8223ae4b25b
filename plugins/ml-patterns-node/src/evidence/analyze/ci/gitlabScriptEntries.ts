import { firstLineOf } from '../scalarFirstLine';
import { YamlNav } from '../yamlDocuments';

/**
 * The script entries of a GitLab CI job under `keys` (e.g. `before_script`,
 * `script`), in order, with the line each one's text starts on. Entries may
 * be nested lists (YAML anchors of lists), so they are read depth first.
 * `budget.left` bounds the entries read across calls (hostile input).
 */
export function* gitlabScriptEntries(
  nav: YamlNav,
  job: unknown,
  keys: readonly string[],
  lineOf: (node: unknown) => number | undefined,
  budget: { left: number },
): Generator<{ script: string; line: number }> {
  for (const key of keys) {
    const stack = [nav.get(job, key)];
    while (stack.length > 0 && budget.left > 0) {
      const node = stack.pop();
      const entries = nav.items(node);
      for (let i = entries.length - 1; i >= 0; i--) stack.push(entries[i]);
      const script = nav.str(node);
      const line = firstLineOf(node, lineOf);
      if (script === undefined || line === undefined) continue;
      budget.left--;
      yield { script, line };
    }
  }
}
