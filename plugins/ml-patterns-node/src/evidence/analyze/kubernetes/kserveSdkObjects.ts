import type { SyntaxNode } from '@lezer/common';
import { WorkloadFacts } from '../../types';
import { isTestModule, PythonProject } from '../python/pythonProject';
import { PythonModule } from '../python/pythonModule';
import { CallInfo } from '../python/moduleFacts';
import { KSERVE_FRAMEWORKS } from './kserve';
import { codeInferenceService } from './codeInferenceService';
import { kserveManifestDicts } from './kserveManifestDicts';

/**
 * KServe InferenceServices created through the kserve Python SDK
 * (`kserve.V1beta1InferenceService(spec=V1beta1InferenceServiceSpec(
 * predictor=V1beta1PredictorSpec(model=V1beta1ModelSpec(storage_uri=…))))`,
 * then `KServeClient().create(…)`): the object the SDK sends is the same
 * deployment as a YAML manifest, so it is read as one.
 */

const INFERENCE_SERVICE = 'V1beta1InferenceService';

/** What a manifest written as a dict names: its API group. */
const MANIFEST_KIND = 'serving.kserve.io';

/** Predictor keywords naming a framework server (`sklearn=V1beta1SKLearnSpec(…)`). */
const FRAMEWORK_KEYWORDS = new Set(KSERVE_FRAMEWORKS);

/** The last part of a call's dotted callee (`kserve.V1beta1ModelSpec` → `V1beta1ModelSpec`). */
function calleeName(call: CallInfo): string | undefined {
  return call.dotted?.split('.').pop();
}

/** Calls written inside a call's arguments, in source order (the call itself excluded). */
function callsWithin(module: PythonModule, outer: CallInfo): CallInfo[] {
  return module.calls.filter(
    c =>
      c !== outer &&
      c.node.from >= outer.node.from &&
      c.node.to <= outer.node.to,
  );
}

function valueText(module: PythonModule, node: SyntaxNode): string {
  const literal = module.syntax.stringValue(node);
  if (literal !== undefined) return literal;
  // An expression (a variable, an f-string): named as written, bounded.
  return module.syntax.textOf(node).slice(0, 120);
}

function inferenceServiceOf(
  module: PythonModule,
  call: CallInfo,
): WorkloadFacts {
  const path = module.path;
  let name: string | undefined;
  let storageUri: WorkloadFacts['storageUri'];
  let modelFormat: WorkloadFacts['modelFormat'];
  for (const inner of callsWithin(module, call)) {
    const keyword = inner.args.keyword;
    const callee = calleeName(inner);
    const nameNode = keyword.get('name');
    if (callee === 'V1ObjectMeta' && nameNode && name === undefined)
      name = valueText(module, nameNode);
    if (callee === 'V1beta1ModelFormat' && nameNode && !modelFormat)
      modelFormat = { name: valueText(module, nameNode) };
    const uri = keyword.get('storage_uri');
    if (uri && !storageUri)
      storageUri = {
        path,
        line: module.syntax.lineOf(uri),
        value: valueText(module, uri),
      };
    for (const framework of keyword.keys()) {
      if (FRAMEWORK_KEYWORDS.has(framework))
        modelFormat ??= { name: framework };
    }
  }
  return codeInferenceService(path, call.line, name, storageUri, modelFormat);
}

/**
 * The InferenceServices the project's Python code builds with the kserve
 * SDK or writes out as manifest dicts.
 */
export function kserveSdkInferenceServices(
  python: PythonProject,
): WorkloadFacts[] {
  const workloads: WorkloadFacts[] = [];
  for (const path of python.mentioning(MANIFEST_KIND)) {
    if (isTestModule(path)) continue;
    const module = python.module(path);
    if (module) workloads.push(...kserveManifestDicts(module));
  }
  for (const path of python.mentioning(INFERENCE_SERVICE)) {
    if (isTestModule(path)) continue;
    const module = python.module(path);
    if (!module) continue;
    for (const call of module.calls) {
      if (calleeName(call) !== INFERENCE_SERVICE) continue;
      workloads.push(inferenceServiceOf(module, call));
    }
  }
  return workloads;
}
