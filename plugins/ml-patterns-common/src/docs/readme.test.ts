import fs from 'fs';
import { BUILT_IN_RULES, INPUT_ANNOTATIONS, OUTPUT_ANNOTATIONS } from '..';
import { README_PATH, renderReadme } from '../../scripts/docs-rules';
import { renderRuleCatalog, withRuleCatalog } from './ruleCatalogMarkdown';

describe('README.md', () => {
  const readme = fs.readFileSync(README_PATH, 'utf8');

  it('has the rule catalog generated from BUILT_IN_RULES (run `yarn docs:rules` if this fails)', () => {
    expect(renderReadme(readme)).toBe(readme);
  });

  it('documents every annotation key', () => {
    for (const key of [
      ...Object.values(INPUT_ANNOTATIONS),
      ...Object.values(OUTPUT_ANNOTATIONS),
    ]) {
      expect(readme).toContain(`\`${key}\``);
    }
  });
});

describe('renderRuleCatalog', () => {
  it('renders every rule with its remediation steps', () => {
    const markdown = renderRuleCatalog(BUILT_IN_RULES);
    for (const rule of BUILT_IN_RULES) {
      expect(markdown).toContain(`#### ${rule.id}`);
      rule.remediation.forEach((step, index) =>
        expect(markdown).toContain(`${index + 1}. ${step}`),
      );
    }
  });

  it('fails the up-to-date check when the catalog in the README is stale', () => {
    const readme = fs.readFileSync(README_PATH, 'utf8');
    const stale = readme.replace(
      BUILT_IN_RULES[0].rationale,
      'An old rationale.',
    );
    expect(stale).not.toBe(readme);
    expect(renderReadme(stale)).not.toBe(stale);
    expect(renderReadme(stale)).toBe(readme);
  });

  it('refuses a README without markers', () => {
    expect(() => withRuleCatalog('# nothing here', BUILT_IN_RULES)).toThrow(
      '<!-- rules:start -->',
    );
  });
});
