import ignore, { Ignore } from 'ignore';
import { SourceLine } from '../../types';
import { dirName, FileTree, isUnder } from '../paths';

function depth(folder: string): number {
  return folder ? folder.split('/').length : 0;
}

/** Enough for any hand-written `.gitignore`. */
const MAX_LINES = 2000;

interface GitIgnoreRule {
  /** The line as written (trimmed); compiled when first tested. */
  pattern: string;
  compiled?: Ignore;
  line: number;
  /** The rule names the path it ignores (literally, or as a folder's entries): it counts. */
  names: boolean;
  /**
   * The path a rule names (lower case, no `!` or slashes around it): a
   * path that does not hold it cannot match the rule (rules ignore case).
   */
  named?: string;
}

interface GitIgnoreFile {
  path: string;
  folder: string;
  rules: GitIgnoreRule[];
}

/** Path segments of plain characters (no `.`/`..` segment, no escapes). */
const PLAIN_PATH = /^(?:\.?[\w-][\w.-]*)(?:\/\.?[\w-][\w.-]*)*$/;

/** The path a literal rule names, when a substring test can rule it out. */
function namedPath(pattern: string): string | undefined {
  const path = pattern.replace(/^!/, '').replace(/^\//, '').replace(/\/$/, '');
  return PLAIN_PATH.test(path) ? path.toLowerCase() : undefined;
}

/**
 * The folder a rule keeps every entry of out of git (`voices/*`,
 * `/voices/*\/`, `weights/**`): it names that folder as plainly as a
 * literal rule names a path.
 */
function contentsOf(pattern: string): string | undefined {
  const match = /^\/?([\w.-]+(?:\/[\w.-]+)*)\/\*{1,2}\/?$/.exec(pattern);
  return match ? namedPath(match[1]) : undefined;
}

/**
 * Paths the repository keeps out of git by naming them in a `.gitignore`
 * (`models/`, `cache`): folders a script of the repository fills (a
 * training run, a weights download) before the image is built. Only a
 * rule that names the path literally, or names a folder and every entry
 * of it (`models/*`), counts: `*` or `/*` with `!` exceptions ignores
 * everything and says nothing about one folder.
 */
export class GitIgnoredFolders {
  private filesCache?: GitIgnoreFile[];

  constructor(
    private readonly tree: FileTree,
    private readonly textOf: (path: string) => string | undefined,
  ) {}

  /** The `.gitignore` files, read when first asked (most analyses never ask). */
  private get files(): GitIgnoreFile[] {
    if (this.filesCache) return this.filesCache;
    const files: GitIgnoreFile[] = [];
    for (const path of this.tree.filesNamed('.gitignore')) {
      const text = this.textOf(path);
      if (text === undefined) continue;
      const rules: GitIgnoreFile['rules'] = [];
      text.split(/\r?\n/, MAX_LINES).forEach((raw, index) => {
        const line = raw.trim();
        if (!line || line.startsWith('#')) return;
        const literal = !/[*?[\]]/.test(line);
        const contents = literal ? undefined : contentsOf(line);
        rules.push({
          pattern: line,
          line: index + 1,
          names: literal || contents !== undefined,
          named: literal ? namedPath(line) : contents,
        });
      });
      if (rules.length > 0) files.push({ path, folder: dirName(path), rules });
    }
    // Deeper files are read last: their rules override the root's.
    files.sort((x, y) => depth(x.folder) - depth(y.folder));
    this.filesCache = files;
    return files;
  }

  /**
   * The `.gitignore` line that keeps a repository path (a folder or file)
   * out of git by naming it, if any; the last matching rule of the nearest
   * file decides, as git reads them.
   */
  ignoredBy(repoPath: string): SourceLine | undefined {
    let found: SourceLine | undefined;
    for (const file of this.files) {
      if (file.folder && !isUnder(repoPath, file.folder)) continue;
      const relative = file.folder
        ? repoPath.slice(file.folder.length + 1)
        : repoPath;
      // `ignore` throws on paths git could not hold (`../x`, `/x`).
      if (!ignore.isPathValid(relative)) continue;
      const lowerCase = relative.toLowerCase();
      for (const entry of file.rules) {
        // Most lines of a `.gitignore` name other paths: not compiled or tested.
        if (entry.named !== undefined && !lowerCase.includes(entry.named))
          continue;
        const { line, names } = entry;
        const rule = (entry.compiled ??= ignore().add(entry.pattern));
        const result = rule.test(relative);
        const asFolder = rule.test(`${relative}/`);
        if (result.unignored || asFolder.unignored) found = undefined;
        else if (result.ignored || asFolder.ignored)
          found = names ? { path: file.path, line } : undefined;
      }
    }
    return found;
  }
}
