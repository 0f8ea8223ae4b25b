import { WorkloadFacts } from '../../types';
import { canonicalCallee } from './canonicalCallee';
import { CallInfo } from './moduleFacts';
import { PythonModule } from './pythonModule';
import { isTestModule, PythonProject } from './pythonProject';

/**
 * Models deployed to a SageMaker endpoint with the SageMaker Python SDK:
 * a model object (`sagemaker.model.Model`, `HuggingFaceModel`,
 * `PyTorchModel`, `SKLearnModel`…) made with `model_data="s3://…/model.tar.gz"`
 * and an `image_uri` (or a framework version picking the stock serving
 * image), then `.deploy(…)`. SageMaker downloads the model data into the
 * container's `/opt/ml/model` when the endpoint starts, where the handler's
 * `model_fn` reads it: one model, released by Model-load. A hub model named
 * by `env={"HF_MODEL_ID": …}` is fetched by the serving image at start the
 * same way. A module that makes a model object but deploys nothing (a batch
 * transform) serves no endpoint. A multi-model endpoint (`MultiDataModel`)
 * is not read here.
 */

/** Words without which a module deploys nothing through the SDK: most modules are not parsed for it. */
const HINT = /\.deploy\(/;
const SDK = /^sagemaker\./;

/** `sagemaker.model.Model`, `sagemaker.huggingface.model.HuggingFaceModel`, … (not `MultiDataModel`). */
function isModelClass(callee: string): boolean {
  if (!SDK.test(callee)) return false;
  const name = callee.slice(callee.lastIndexOf('.') + 1);
  return name.endsWith('Model') && name !== 'MultiDataModel';
}

function textOf(module: PythonModule, call: CallInfo, key: string) {
  const node = call.args.keyword.get(key);
  if (!node) return undefined;
  const literal = module.syntax.stringValue(node);
  return {
    line: module.syntax.lineOf(node),
    // An expression (a variable, a call): named as written, bounded.
    value: literal ?? module.syntax.textOf(node).slice(0, 120),
  };
}

/** The hub id of `env={"HF_MODEL_ID": "org/name"}`, when the env is a dict written in the call. */
function hubModelOf(module: PythonModule, call: CallInfo) {
  const env = call.args.keyword.get('env');
  if (!env) return undefined;
  const text = module.syntax.textOf(env);
  if (!text.startsWith('{') || text.length > 2000) return undefined;
  const at = text.indexOf('HF_MODEL_ID');
  if (at < 0) return undefined;
  const value = /^["']\s*:\s*["']([^"'\n]{1,200})["']/.exec(
    text.slice(at + 'HF_MODEL_ID'.length),
  )?.[1];
  return value && { line: module.syntax.lineOf(env), value };
}

/** The endpoints the project's Python code deploys through the SageMaker SDK, one per model object. */
export function sagemakerDeployments(python: PythonProject): WorkloadFacts[] {
  const workloads: WorkloadFacts[] = [];
  for (const path of python.mentioning(HINT)) {
    if (isTestModule(path)) continue;
    const module = python.module(path);
    if (!module) continue;
    const deploys = module.calls.some(call => call.dotted?.endsWith('.deploy'));
    if (!deploys) continue;
    for (const call of module.calls) {
      if (!call.dotted) continue;
      const callee = canonicalCallee(python, module, call.dotted);
      if (!isModelClass(callee)) continue;
      const data = textOf(module, call, 'model_data');
      const hub = data ? undefined : hubModelOf(module, call);
      const model = data ?? hub;
      if (!model) continue;
      const className = callee.slice(callee.lastIndexOf('.') + 1);
      const via = data
        ? `SageMaker ${className} deployed with model_data =`
        : `SageMaker ${className} deployed with env HF_MODEL_ID =`;
      const image = textOf(module, call, 'image_uri');
      const note = `${className} deploys the one model at ${model.value}${
        image ? ` on the image ${image.value}` : ''
      }`;
      workloads.push({
        path,
        line: call.line,
        kind: 'other',
        name: call.bound ?? className,
        containers: [
          {
            name: 'sagemaker-endpoint',
            line: image?.line ?? call.line,
            env: [],
          },
        ],
        initContainers: [],
        storageUri: { path, line: model.line, value: model.value, via },
        modelsLoaded: 1,
        modelsLoadedEvidence: [{ path, line: call.line, note }],
      });
    }
  }
  return workloads;
}
