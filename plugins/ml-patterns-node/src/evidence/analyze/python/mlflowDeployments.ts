import type { SyntaxNode } from '@lezer/common';
import { WorkloadFacts } from '../../types';
import { canonicalCallee } from './canonicalCallee';
import { CallInfo } from './moduleFacts';
import { PythonModule } from './pythonModule';
import { isTestModule, PythonProject } from './pythonProject';

/**
 * Models deployed to a managed platform through MLflow's deployment API:
 * `get_deploy_client("sagemaker:/eu-west-1").create_deployment(name,
 * model_uri=…)` (or `update_deployment`), and MLflow 1's
 * `mlflow.sagemaker.deploy(app_name, model_uri, …)`. The platform runs
 * MLflow's generic serving image and loads the model from `model_uri` (put
 * in the platform's store) when the endpoint starts: a deployment of one
 * model, released by Model-load. A create and an update of the same
 * deployment name (the two arms of "create or update") are one deployment.
 */

/** Words without which a module deploys nothing through MLflow: most modules are not parsed for it. */
const HINT = /get_deploy_client|SageMakerDeploymentClient|mlflow\.sagemaker/;

const CLIENT_FACTORIES = new Set([
  'mlflow.deployments.get_deploy_client',
  'mlflow.sagemaker.SageMakerDeploymentClient',
]);

const CLIENT_METHODS = new Set(['create_deployment', 'update_deployment']);

/** MLflow 1's module-level SageMaker deploy. */
const MODULE_DEPLOY = 'mlflow.sagemaker.deploy';

function textOf(module: PythonModule, node: SyntaxNode): string {
  const literal = module.syntax.stringValue(node);
  // An expression (a variable, an f-string): named as written, bounded.
  return literal ?? module.syntax.textOf(node).slice(0, 120);
}

/** `sagemaker` of `"sagemaker:/eu-west-1"` or `f"sagemaker:/{region}"`. */
function platformOf(module: PythonModule, node: SyntaxNode | undefined) {
  if (!node) return undefined;
  const text = module.syntax.textOf(node).replace(/^[rfbu]{0,2}["']/i, '');
  return /^[a-z][\w-]{0,40}/i.exec(text)?.[0];
}

interface Deploy {
  call: CallInfo;
  method: string;
  platform?: string;
  name?: SyntaxNode;
  modelUri?: SyntaxNode;
}

function deploysIn(python: PythonProject, module: PythonModule): Deploy[] {
  const clients = new Map<string, string | undefined>();
  const found: Deploy[] = [];
  for (const call of module.calls) {
    if (!call.dotted) continue;
    const callee = canonicalCallee(python, module, call.dotted);
    const { positional, keyword } = call.args;
    if (CLIENT_FACTORIES.has(callee)) {
      if (call.bound)
        clients.set(
          call.bound,
          callee.endsWith('SageMakerDeploymentClient')
            ? 'sagemaker'
            : platformOf(module, positional[0] ?? keyword.get('target')),
        );
      continue;
    }
    const dot = call.dotted.lastIndexOf('.');
    const owner = call.dotted.slice(0, dot);
    const method = call.dotted.slice(dot + 1);
    if (dot > 0 && clients.has(owner) && CLIENT_METHODS.has(method)) {
      found.push({
        call,
        method,
        platform: clients.get(owner),
        name: positional[0] ?? keyword.get('name'),
        modelUri: keyword.get('model_uri') ?? positional[1],
      });
    } else if (callee === MODULE_DEPLOY) {
      found.push({
        call,
        method: 'mlflow.sagemaker.deploy',
        platform: 'sagemaker',
        name: positional[0] ?? keyword.get('app_name'),
        modelUri: keyword.get('model_uri') ?? positional[1],
      });
    }
  }
  return found;
}

/** The deployments the project's Python code makes through MLflow's deployment API, one per deployment name. */
export function mlflowDeployments(python: PythonProject): WorkloadFacts[] {
  const workloads = new Map<string, WorkloadFacts>();
  for (const path of python.mentioning(HINT)) {
    if (isTestModule(path)) continue;
    const module = python.module(path);
    if (!module) continue;
    for (const deploy of deploysIn(python, module)) {
      const name = deploy.name ? textOf(module, deploy.name) : '(unnamed)';
      const line = deploy.call.line;
      const uri = deploy.modelUri && {
        path,
        line: module.syntax.lineOf(deploy.modelUri),
        value: textOf(module, deploy.modelUri),
        via: `MLflow ${deploy.platform ?? 'platform'} deployment ${
          deploy.method
        } of model_uri =`,
      };
      const note = uri
        ? `${deploy.method} deploys the one model at ${uri.value}`
        : `${deploy.method} deploys a model`;
      const key = `${path}\u0000${name}`;
      const known = workloads.get(key);
      if (known) {
        known.modelsLoadedEvidence.push({ path, line, note });
        continue;
      }
      workloads.set(key, {
        path,
        line,
        kind: 'other',
        name,
        containers: [
          {
            name: `${deploy.platform ?? 'platform'}-mlflow-serving`,
            line,
            env: [],
          },
        ],
        initContainers: [],
        ...(uri && { storageUri: uri }),
        modelsLoaded: uri ? 1 : null,
        modelsLoadedEvidence: [{ path, line, note }],
      });
    }
  }
  return [...workloads.values()];
}
