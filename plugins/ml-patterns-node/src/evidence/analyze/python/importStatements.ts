import type { SyntaxNode } from '@lezer/common';
import { childrenOf } from './syntax';
import { branchArmOf } from './branchArmOf';
import type { PythonModule } from './pythonModule';

/**
 * `import a.b as c` and `from .m import x as y, *`: the names an import
 * statement binds, recorded on the module being read.
 */
export function readImport(pythonModule: PythonModule, node: SyntaxNode): void {
  const syntax = pythonModule.syntax;
  const line = syntax.lineOf(node);
  // An import in one arm of a branch runs only when that arm does.
  const armOf = branchArmOf(node, n => syntax.textOf(n));
  const arm = armOf && { arm: armOf };
  const children = childrenOf(node);
  if (children[0]?.name === 'from') {
    let module = '';
    let i = 1;
    for (; i < children.length && children[i].name !== 'import'; i++) {
      module += syntax.textOf(children[i]);
    }
    const names = children.slice(i + 1);
    for (let j = 0; j < names.length; j++) {
      const child = names[j];
      if (child.name === '*') {
        pythonModule.starImports.push(module);
        continue;
      }
      if (child.name !== 'VariableName') continue;
      const name = syntax.textOf(child);
      let local = name;
      if (names[j + 1]?.name === 'as' && names[j + 2]) {
        local = syntax.textOf(names[j + 2]);
        j += 2;
      }
      pythonModule.imports.push({ local, module, name, line, ...arm });
    }
    return;
  }
  // import a.b.c [as x], d
  let parts: string[] = [];
  const flush = (alias?: string) => {
    if (parts.length === 0) return;
    const module = parts.join('.');
    pythonModule.imports.push({
      local: alias ?? parts[0],
      module,
      line,
      ...arm,
    });
    if (!alias && parts.length > 1) {
      // `import a.b` binds `a`, and also loads `a.b`.
      pythonModule.imports.push({
        local: parts[0],
        module: parts[0],
        line,
        ...arm,
      });
    }
    parts = [];
  };
  for (let j = 1; j < children.length; j++) {
    const child = children[j];
    if (child.name === 'VariableName') parts.push(syntax.textOf(child));
    else if (child.name === 'as' && children[j + 1]) {
      flush(syntax.textOf(children[j + 1]));
      j++;
    } else if (child.name === ',') flush();
  }
  flush();
}
