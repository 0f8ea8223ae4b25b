/** GitLab CI keys at the top of a `.gitlab-ci.yml` that are not jobs. */
export const GITLAB_RESERVED_KEYS: ReadonlySet<string> = new Set([
  'stages',
  'variables',
  'default',
  'include',
  'workflow',
  'image',
  'services',
  'cache',
  'before_script',
  'after_script',
  'types',
]);
