/**
 * Requirements given as a URL instead of `==` are pinned when the URL
 * names one fixed release: a VCS URL at a commit (`@<sha>`) or a release
 * tag (`@v1.2.3`), a GitHub/GitLab archive of a commit or a tag, or a
 * release artifact whose file name carries its version
 * (`pkg-1.2.3.tar.gz`, `pkg-1.2.3-py3-none-any.whl`). A branch (`@main`)
 * or an unversioned URL moves.
 */

/** Ref names that are branches or moving labels, never a release. */
const MOVING_REFS = new Set([
  'main',
  'master',
  'develop',
  'dev',
  'head',
  'trunk',
  'latest',
  'nightly',
  'stable',
  'release',
  'default',
]);

const MAX_PART = 200;

/** A commit id: 7 to 40 hex digits. */
function isCommit(ref: string): boolean {
  return /^[0-9a-f]{7,40}$/i.test(ref) && /[0-9]/.test(ref);
}

/** A release tag: `v1.2`, `1.2.3`, `release-1.4.0`, `pkg-v0.3.1`, `1.0.0rc1`. */
function isVersionTag(ref: string): boolean {
  const tag = ref.replace(/^refs\/tags\//, '');
  return /(?:^|[-_/])v?\d+(?:\.\d+)+(?!\d)(?:[-_.]?[a-z0-9]+)?$/i.test(tag);
}

/** A ref that names one fixed tree. */
export function isFixedRef(ref: string | undefined): boolean {
  // Refs are short; the cap keeps the patterns below linear on hostile input.
  if (!ref || ref.length > MAX_PART) return false;
  if (MOVING_REFS.has(ref.toLowerCase())) return false;
  return isCommit(ref) || isVersionTag(ref);
}

/** The `@ref` of a VCS URL (`git+https://host/o/r.git@ref#egg=x`). */
function vcsRef(url: string): string | undefined {
  const withoutFragment = url.split('#')[0];
  const path = withoutFragment.replace(/^[a-z+]+:\/\//i, '');
  const at = path.lastIndexOf('@');
  // An `@` before the first `/` is a user (`git@github.com`), not a ref.
  if (at < 0 || at < path.indexOf('/')) return undefined;
  return path.slice(at + 1);
}

/** The archive ref of a GitHub/GitLab archive URL, e.g. `.../archive/<sha>.zip`. */
function archiveRef(pathname: string): string | undefined {
  const match = /\/-?\/?archive\/(.+)$/.exec(pathname);
  if (!match) return undefined;
  let ref = match[1].replace(/\.(zip|tar\.gz|tgz|tar\.bz2|tar)$/i, '');
  ref = ref.replace(/^refs\/(tags|heads)\//, (_, kind: string) =>
    kind === 'heads' ? 'refs/heads/' : '',
  );
  if (ref.startsWith('refs/heads/')) return undefined;
  // GitLab: /-/archive/<ref>/<repo>-<ref>.zip
  return ref.split('/')[0];
}

/** A release artifact's file name with its version. */
function isVersionedArtifact(fileName: string): boolean {
  if (fileName.length > MAX_PART) return false;
  let name: string;
  try {
    name = decodeURIComponent(fileName);
  } catch {
    return false;
  }
  if (/\.whl$/i.test(name)) {
    // Wheel: {name}-{version}(-{build})?-{python}-{abi}-{platform}.whl
    const parts = name.split('-');
    return parts.length >= 5 && /^\d/.test(parts[1]);
  }
  return /^[A-Za-z0-9_.]+?-v?\d+(?:\.\d+)+(?!\.?\d)[\w.+]*\.(?:tar\.gz|tgz|zip|tar\.bz2)$/i.test(
    name,
  );
}

/** Is a requirement URL pinned to one release? */
export function isPinnedRequirementUrl(url: string): boolean {
  const text = url.trim();
  if (text.length > 2000) return false;
  if (/^(git|hg|svn|bzr)\+/i.test(text)) return isFixedRef(vcsRef(text));
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false;
  const pathname = parsed.pathname;
  const archive = archiveRef(pathname);
  if (archive !== undefined) return isFixedRef(archive);
  const file = pathname.slice(pathname.lastIndexOf('/') + 1);
  return isVersionedArtifact(file);
}
