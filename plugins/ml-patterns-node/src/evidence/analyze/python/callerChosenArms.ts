import type { SyntaxNode } from '@lezer/common';
import { argumentFor } from './argumentFor';
import type { CallSite } from './artifactLoads';
import type { PythonModule } from './pythonModule';
import type { CallInfo, FunctionInfo } from './moduleFacts';
import type { ParameterRef } from './value';
import { ENDPOINT_DECORATOR_CALLEE } from './webEndpoints';

const MAX_CONDITION_NODES = 64;
const MAX_CALLERS = 16;

/**
 * The `if` statements around a call whose arm is chosen by the function's
 * callers passing different values (`def predict(x, task): if task ==
 * "detection": … elif task == "segmentation": …`, called with each task
 * from its own endpoint): every arm runs for some caller, so loads in
 * different arms are not alternatives. (An arm chosen by configuration, or
 * by a parameter every caller passes alike, still runs alone.)
 */
export function callerChosenArms(
  module: PythonModule,
  call: CallInfo,
  callSitesOf: (ref: ParameterRef) => CallSite[],
): number[] {
  const fn = call.fn;
  if (!fn || fn.params.length === 0 || call.arms.length === 0) return [];
  const chosen: number[] = [];
  for (const arm of call.arms) {
    const statement = enclosingIf(call.node, arm.statement);
    if (!statement) continue;
    const names = conditionNames(module, statement);
    if (requestChosen(module, fn, names)) {
      chosen.push(arm.statement);
      continue;
    }
    const params = fn.params.filter(p => names.has(p.name));
    if (
      params.some(param => {
        const values = new Set<string>();
        for (const site of callSitesOf({ module, fn, param }).slice(
          0,
          MAX_CALLERS,
        )) {
          const passed = argumentFor(site.call, param, site.module);
          const value = passed
            ? site.module.syntax.stringValue(passed) ??
              passedParameterType(site.module, site.call, passed)
            : undefined;
          if (value !== undefined) values.add(value);
        }
        return values.size > 1;
      })
    ) {
      chosen.push(arm.statement);
    }
  }
  return chosen;
}

/**
 * For a caller passing on a parameter of its own (`def ocr(request:
 * OcrRequest): run(request)`): the type the caller declares for it, so
 * callers passing requests of different types (one per endpoint) choose
 * different `isinstance` arms.
 */
function passedParameterType(
  module: PythonModule,
  call: CallInfo,
  passed: SyntaxNode,
): string | undefined {
  const params = call.fn?.node.getChild('ParamList');
  if (!params || passed.name !== 'VariableName') return undefined;
  const name = module.syntax.textOf(passed);
  for (let node = params.firstChild; node; node = node.nextSibling) {
    if (node.name !== 'VariableName' || module.syntax.textOf(node) !== name)
      continue;
    const type = node.nextSibling;
    return type?.name === 'TypeDef' && type.to - type.from < 200
      ? `type ${module.syntax.textOf(type)}`
      : undefined;
  }
  return undefined;
}

/**
 * In a web endpoint, a condition on what the request carries (a
 * parameter of the endpoint, or a local read from one: `kind =
 * body.model`) picks the arm per request: every arm serves some request.
 */
function requestChosen(
  module: PythonModule,
  fn: FunctionInfo,
  names: ReadonlySet<string>,
): boolean {
  if (fn.owner || !fn.decorators.some(d => ENDPOINT_DECORATOR_CALLEE.test(d)))
    return false;
  const params = new Set(fn.params.map(p => p.name));
  for (const name of names) {
    if (params.has(name)) return true;
    const fromRequest = module
      .assignmentsTo(name)
      .some(
        a =>
          a.fn === fn &&
          a.value !== undefined &&
          a.value.name === 'MemberExpression' &&
          params.has(rootName(module, a.value) ?? ''),
      );
    if (fromRequest) return true;
  }
  return false;
}

/** The variable a member expression starts from (`body` for `body.options.model`). */
function rootName(module: PythonModule, node: SyntaxNode): string | undefined {
  let current: SyntaxNode | null = node;
  for (let depth = 0; current && depth < 16; depth++) {
    if (current.name === 'VariableName') return module.syntax.textOf(current);
    if (current.name !== 'MemberExpression') return undefined;
    current = current.firstChild;
  }
  return undefined;
}

/**
 * The `if` statement starting at a position that holds the node, or that
 * precedes it in its block (the node is in the implicit `else` arm after
 * an `if` whose arms all return).
 */
function enclosingIf(node: SyntaxNode, from: number): SyntaxNode | undefined {
  for (let up = node.parent; up; up = up.parent) {
    if (up.from < from) return undefined;
    if (up.from === from && up.name === 'IfStatement') return up;
    for (let s = up.prevSibling; s && s.from >= from; s = s.prevSibling) {
      if (s.from === from && s.name === 'IfStatement') return s;
    }
  }
  return undefined;
}

/** The names read in the conditions of an `if`/`elif` chain (not in its bodies). */
function conditionNames(
  module: PythonModule,
  statement: SyntaxNode,
): Set<string> {
  const names = new Set<string>();
  for (let part = statement.firstChild; part; part = part.nextSibling) {
    if (part.name === 'Body') continue;
    const cursor = part.cursor();
    let seen = 0;
    do {
      if (cursor.from >= part.to || ++seen > MAX_CONDITION_NODES) break;
      if (cursor.name === 'VariableName') {
        names.add(module.syntax.textOf(cursor.node));
      }
    } while (cursor.next());
  }
  return names;
}
