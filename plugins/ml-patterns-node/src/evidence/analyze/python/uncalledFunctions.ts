import { PythonModule } from './pythonModule';
import { FunctionInfo } from './moduleFacts';
import { PythonProject } from './pythonProject';
import { wordCount } from './wordCount';

/** Longer names are not looked for. */
const MAX_NAME_LENGTH = 100;

/**
 * Module-level functions that nothing names: not called, not handed on,
 * not imported, not decorated, and not written in any file of the tree
 * (a start command or configuration naming `module:function`) — the code
 * is kept but never runs (a loader left after the server moved to another
 * one, its only call commented out). Mentions in comments do not count.
 */
export class UncalledFunctions {
  private readonly known = new Map<FunctionInfo, boolean>();
  private readonly comments = new Map<string, string>();

  constructor(private readonly project: PythonProject) {}

  isUncalled(module: PythonModule, fn: FunctionInfo): boolean {
    let uncalled = this.known.get(fn);
    if (uncalled === undefined) {
      uncalled = this.read(module, fn);
      this.known.set(fn, uncalled);
    }
    return uncalled;
  }

  private read(module: PythonModule, fn: FunctionInfo): boolean {
    const name = fn.name;
    if (
      fn.owner ||
      fn.parent ||
      fn.decorators.length > 0 ||
      name.startsWith('_') ||
      name.length > MAX_NAME_LENGTH
    )
      return false;
    for (const path of this.project.mentioning(name)) {
      const text = this.project.text(path) ?? '';
      const other = this.project.module(path);
      if (!other) return false;
      const named =
        wordCount(text, name) - wordCount(this.commentsOf(other), name);
      if (named > (path === module.path ? 1 : 0)) return false;
    }
    for (const path of this.project.files) {
      if (path.endsWith('.py')) continue;
      const text = this.project.fileText(path);
      if (text !== undefined && wordCount(text, name) > 0) return false;
    }
    return true;
  }

  /** The module's comments, one a line. */
  private commentsOf(module: PythonModule): string {
    let comments = this.comments.get(module.path);
    if (comments === undefined) {
      const found: string[] = [];
      module.syntax.tree.iterate({
        enter: node => {
          if (node.name === 'Comment')
            found.push(module.syntax.textOf(node.node));
        },
      });
      comments = found.join('\n');
      this.comments.set(module.path, comments);
    }
    return comments;
  }
}
