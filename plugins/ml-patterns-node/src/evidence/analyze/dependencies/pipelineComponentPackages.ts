import type { SyntaxNode } from '@lezer/common';
import { DependencyManifestFacts, RequirementFacts } from '../../types';
import { canonicalCallee } from '../python/canonicalCallee';
import { PythonModule } from '../python/pythonModule';
import { isTestModule, PythonProject } from '../python/pythonProject';
import {
  callArguments,
  CallArguments,
  childrenOf,
  dottedName,
  partsOf,
} from '../python/syntax';
import { isInstallableName, parseRequirementSpec } from '../requirements';

/**
 * Packages Kubeflow Pipelines components pip-install when they run:
 * `@dsl.component(packages_to_install=[…])` (kfp v2) and
 * `create_component_from_func(fn, packages_to_install=[…])` (kfp v1).
 * They are the environment of the pipeline's steps, the ones that train
 * and evaluate the model, installed afresh on every run: a lockfile of the
 * project that submits the pipeline does not pin them. One manifest per
 * module, at its first component, each requirement at its own line.
 */

const KEYWORD = 'packages_to_install';

/** How far a list is followed through names and `+` (`BASE + ["x"]`). */
const MAX_DEPTH = 4;

/** The strings of a list, with their nodes, followed through module-level names and `+`. */
function listStrings(
  module: PythonModule,
  node: SyntaxNode | undefined,
  depth = 0,
): SyntaxNode[] {
  if (!node || depth > MAX_DEPTH) return [];
  switch (node.name) {
    case 'ArrayExpression':
    case 'TupleExpression':
      return partsOf(node).filter(
        part => part.name === 'String' || part.name === 'ContinuedString',
      );
    case 'ParenthesizedExpression':
      return listStrings(module, partsOf(node)[0], depth + 1);
    case 'BinaryExpression': {
      const children = childrenOf(node);
      if (
        children[1]?.name !== 'ArithOp' ||
        module.syntax.textOf(children[1]) !== '+'
      )
        return [];
      return [
        ...listStrings(module, children[0], depth + 1),
        ...listStrings(module, children[2], depth + 1),
      ];
    }
    case 'VariableName': {
      const assignments = module
        .moduleAssignments(module.syntax.textOf(node))
        .filter(a => a.kind === 'assign' && a.unpack === undefined);
      const last = assignments[assignments.length - 1];
      return listStrings(module, last?.value, depth + 1);
    }
    default:
      return [];
  }
}

/** Is a callee, resolved through the module's imports, part of kfp? */
function isKfp(
  project: PythonProject,
  module: PythonModule,
  dotted: string | undefined,
): boolean {
  if (!dotted) return false;
  const canonical = canonicalCallee(project, module, dotted);
  return canonical === 'kfp' || canonical.startsWith('kfp.');
}

/**
 * Does a call with these arguments make a kfp component: a kfp callee, or
 * `functools.partial` of one (`@partial(create_component_from_func, …)`)?
 */
function makesKfpComponent(
  project: PythonProject,
  module: PythonModule,
  dotted: string | undefined,
  args: CallArguments,
): boolean {
  if (isKfp(project, module, dotted)) return true;
  if (
    !dotted ||
    canonicalCallee(project, module, dotted) !== 'functools.partial'
  )
    return false;
  const first = args.positional[0];
  return (
    first !== undefined &&
    isKfp(project, module, dottedName(module.syntax, first))
  );
}

/** `@a.b(…)`: the decorator's dotted name and argument list. */
function decoratorCall(
  module: PythonModule,
  decorator: SyntaxNode,
): { dotted: string; argList: SyntaxNode } | undefined {
  const names: string[] = [];
  let argList: SyntaxNode | undefined;
  for (const child of childrenOf(decorator)) {
    if (child.name === 'VariableName') names.push(module.syntax.textOf(child));
    else if (child.name === 'ArgList') argList = child;
  }
  return names.length > 0 && argList
    ? { dotted: names.join('.'), argList }
    : undefined;
}

/** The `packages_to_install` argument of every kfp component made in a module, with the component's line. */
function componentPackageLists(
  project: PythonProject,
  module: PythonModule,
): Array<{ line: number; list: SyntaxNode }> {
  const found: Array<{ line: number; list: SyntaxNode }> = [];
  for (const call of module.calls) {
    const list = call.args.keyword.get(KEYWORD);
    if (list && makesKfpComponent(project, module, call.dotted, call.args))
      found.push({ line: call.line, list });
  }
  for (const fn of module.functions) {
    const statement = fn.node.parent;
    if (statement?.name !== 'DecoratedStatement') continue;
    for (const decorator of statement.getChildren('Decorator')) {
      const call = decoratorCall(module, decorator);
      if (!call) continue;
      const args = callArguments(module.syntax, call.argList);
      const list = args.keyword.get(KEYWORD);
      if (list && makesKfpComponent(project, module, call.dotted, args))
        found.push({ line: module.syntax.lineOf(decorator), list });
    }
  }
  return found.sort((a, b) => a.line - b.line);
}

function moduleManifest(
  project: PythonProject,
  path: string,
): DependencyManifestFacts | undefined {
  const module = project.module(path);
  if (!module) return undefined;
  const lists = componentPackageLists(project, module);
  if (lists.length === 0) return undefined;
  const requirements: RequirementFacts[] = [];
  const seen = new Set<string>();
  for (const { list } of lists) {
    for (const node of listStrings(module, list)) {
      const value = module.syntax.stringValue(node);
      const parsed =
        value === undefined ? undefined : parseRequirementSpec(value);
      if (!parsed || !isInstallableName(parsed.name)) continue;
      const line = module.syntax.lineOf(node);
      const key = `${line}:${parsed.name}:${parsed.specifier}`;
      if (seen.has(key)) continue;
      seen.add(key);
      requirements.push({ ...parsed, line });
    }
  }
  // Lists computed at run time (read from a lockfile, say) tell nothing here.
  if (requirements.length === 0) return undefined;
  return {
    path,
    kind: 'pipeline-component',
    requirements,
    includes: [],
    line: lists[0].line,
  };
}

/** The packages the Kubeflow Pipelines components of a project install at run time, one manifest per module. */
export function pipelineComponentManifests(
  project: PythonProject,
): DependencyManifestFacts[] {
  const manifests: DependencyManifestFacts[] = [];
  for (const path of project.mentioning(KEYWORD).sort()) {
    if (isTestModule(path)) continue;
    const manifest = moduleManifest(project, path);
    if (manifest) manifests.push(manifest);
  }
  return manifests;
}
