import type { SyntaxNode } from '@lezer/common';
import { ArtifactLoad } from './artifactLoads';
import { canonicalCallee } from './canonicalCallee';
import { PythonModule } from './pythonModule';
import { PythonProject } from './pythonProject';
import { childrenOf } from './syntax';

/**
 * The BentoML services a module defines, each with the code it reaches:
 * `svc = bentoml.Service("name", runners=[…])` with the `@svc.api`
 * functions, or a `@bentoml.service` class. A BentoML server starts only
 * the service its target names (`bentoml serve module:svc`, a bentofile's
 * `service:`), so it runs only the runners and models that service reaches:
 * the loads another service of the module reaches, and this one does not,
 * are not its loads.
 */
export interface BentoService {
  name: string;
  path: string;
  line: number;
  /** Whether a load runs in a server of this service (not only in one of its sibling services). */
  runs(load: ArtifactLoad): boolean;
}

/** Code places a service's definition is followed through (bounded: a hostile module stays cheap). */
const MAX_PLACES = 400;

/** Module-level code ranges reached from a service's definition, per module. */
class Reach {
  private readonly ranges = new Map<string, Array<[number, number]>>();
  private readonly seen = new Set<string>();

  add(path: string, node: SyntaxNode): boolean {
    const key = `${path}:${node.from}:${node.to}`;
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    const list = this.ranges.get(path) ?? [];
    list.push([node.from, node.to]);
    this.ranges.set(path, list);
    return true;
  }

  has(path: string, at: number): boolean {
    return (this.ranges.get(path) ?? []).some(
      ([from, to]) => from <= at && at < to,
    );
  }
}

/** A use of a name: `x`, `x["key"]` (one entry of a dict literal), `x.attr` (a name of an imported module). */
interface NameUse {
  name: string;
  key?: string;
  attribute?: string;
}

function useOf(module: PythonModule, node: SyntaxNode): NameUse {
  const syntax = module.syntax;
  const name = syntax.textOf(node);
  const parent = node.parent;
  if (
    parent?.name !== 'MemberExpression' ||
    parent.firstChild?.from !== node.from
  ) {
    return { name };
  }
  const [, open, inner] = childrenOf(parent);
  if (open?.name === '[' && inner) {
    const key = syntax.stringValue(inner);
    return key === undefined ? { name } : { name, key };
  }
  if (open?.name === '.' && inner?.name === 'PropertyName') {
    return { name, attribute: syntax.textOf(inner) };
  }
  return { name };
}

/** The value of one `"key": value` entry of a dict literal. */
function entryValue(
  module: PythonModule,
  dict: SyntaxNode,
  key: string,
): SyntaxNode | undefined {
  const children = childrenOf(dict);
  for (let i = 0; i + 2 < children.length; i++) {
    if (
      children[i + 1].name === ':' &&
      module.syntax.stringValue(children[i]) === key
    ) {
      return children[i + 2];
    }
  }
  return undefined;
}

class ReachWalk {
  readonly reach = new Reach();
  private readonly queue: Array<{ module: PythonModule; node: SyntaxNode }> =
    [];
  private places = 0;

  constructor(private readonly project: PythonProject) {}

  visit(module: PythonModule, node: SyntaxNode | undefined): void {
    if (!node || this.places >= MAX_PLACES) return;
    if (!this.reach.add(module.path, node)) return;
    this.places++;
    this.queue.push({ module, node });
  }

  run(): Reach {
    for (let next = this.queue.pop(); next; next = this.queue.pop()) {
      const { module, node } = next;
      const cursor = node.cursor();
      const end = node.to;
      do {
        if (cursor.name === 'VariableName') {
          this.follow(module, useOf(module, cursor.node));
        }
      } while (cursor.next() && cursor.from < end);
    }
    return this.reach;
  }

  /** The module-level definitions a use of a name leads to (through imports of project modules). */
  private follow(module: PythonModule, use: NameUse, depth = 0): void {
    if (depth > 4) return;
    const cls = module.moduleClass(use.name);
    if (cls) this.visit(module, cls.node);
    const fn = module.moduleFunction(use.name);
    if (fn) this.visit(module, fn.node);
    for (const assignment of module.moduleAssignments(use.name)) {
      const value = assignment.value;
      if (!value) continue;
      // `RUNNERS["ocr"]` of a dict literal reaches only that entry.
      this.visit(
        module,
        use.key !== undefined && value.name === 'DictionaryExpression'
          ? entryValue(module, value, use.key)
          : value,
      );
    }
    const binding = module.importOf(use.name);
    const resolved =
      binding && this.project.resolveImport(binding, module.path);
    const target = resolved && this.project.module(resolved.path);
    if (!target) return;
    if (resolved.name !== undefined) {
      this.follow(target, { ...use, name: resolved.name }, depth + 1);
    } else if (use.attribute !== undefined) {
      this.follow(target, { name: use.attribute }, depth + 1);
    }
  }
}

/** Where the code of a service starts: its definition and the functions and classes decorated through it. */
function serviceDefinitions(
  project: PythonProject,
  module: PythonModule,
): Array<{ name: string; line: number; starts: SyntaxNode[] }> {
  const services: Array<{ name: string; line: number; starts: SyntaxNode[] }> =
    [];
  for (const call of module.calls) {
    if (call.fn || call.cls || !call.bound || !call.dotted) continue;
    if (canonicalCallee(project, module, call.dotted) !== 'bentoml.Service') {
      continue;
    }
    const prefix = `${call.bound}.`;
    services.push({
      name: call.bound,
      line: call.line,
      starts: [
        call.node,
        ...module.functions
          .filter(fn => fn.decorators.some(d => d.startsWith(prefix)))
          .map(fn => fn.node),
      ],
    });
  }
  for (const cls of module.classes) {
    if (cls.parent) continue;
    if (
      cls.decorators.some(
        d => canonicalCallee(project, module, d) === 'bentoml.service',
      )
    ) {
      services.push({ name: cls.name, line: cls.line, starts: [cls.node] });
    }
  }
  return services;
}

/**
 * The services a module defines, each with what it reaches; empty when it
 * defines fewer than two (then the module's loads are the service's).
 */
export function bentoServices(
  project: PythonProject,
  path: string,
): BentoService[] {
  const module = project.module(path);
  if (!module) return [];
  const definitions = serviceDefinitions(project, module);
  if (definitions.length < 2) return [];
  const reaches = definitions.map(definition => {
    const walk = new ReachWalk(project);
    definition.starts.forEach(node => walk.visit(module, node));
    return walk.run();
  });
  const reached = (reach: Reach, load: ArtifactLoad) =>
    load.chain.some(site => reach.has(site.module.path, site.call.node.from));
  return definitions.map((definition, i) => ({
    name: definition.name,
    path,
    line: definition.line,
    runs: load =>
      reached(reaches[i], load) ||
      // Loads no sibling service reaches either are shared module code.
      !reaches.some((other, j) => j !== i && reached(other, load)),
  }));
}
