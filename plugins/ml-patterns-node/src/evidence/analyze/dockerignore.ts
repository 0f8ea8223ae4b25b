import { Minimatch } from 'minimatch';

/**
 * `.dockerignore` rules: a path (relative to the build context) is excluded
 * when the last matching pattern is not a `!` exception; a pattern that
 * matches a folder excludes everything under it.
 */
export class DockerIgnore {
  private readonly rules: Array<{ pattern: string; negate: boolean }> = [];
  /** Each rule's pattern compiled once (an image's every copied path is checked). */
  private matchers?: Minimatch[];

  constructor(text?: string) {
    if (!text) return;
    for (const raw of text.split(/\r?\n/)) {
      let line = raw.trim();
      if (!line || line.startsWith('#')) continue;
      const negate = line.startsWith('!');
      if (negate) line = line.slice(1).trim();
      line = line
        .replace(/^\/+/, '')
        .replace(/^\.\//, '')
        .replace(/(?<!\/)\/+$/, '');
      if (line) this.rules.push({ pattern: line, negate });
    }
  }

  get empty(): boolean {
    return this.rules.length === 0;
  }

  ignores(relativePath: string): boolean {
    if (this.rules.length === 0) return false;
    const parts = relativePath.split('/');
    const candidates: string[] = [];
    for (let i = 1; i <= parts.length; i++)
      candidates.push(parts.slice(0, i).join('/'));
    this.matchers ??= this.rules.map(
      rule => new Minimatch(rule.pattern, { dot: true }),
    );
    let ignored = false;
    this.rules.forEach((rule, i) => {
      if (candidates.some(c => this.matchers![i].match(c))) {
        ignored = !rule.negate;
      }
    });
    return ignored;
  }
}
