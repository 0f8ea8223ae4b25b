import type { SyntaxNode } from '@lezer/common';
import type { CallInfo } from './moduleFacts';
import { emptyValue, Scope, Value } from './value';
import type { ValueReader } from './values';
import { wandbArtifact } from './wandbArtifacts';

/**
 * MLflow model-registry lookups: what they return (a registered model, its
 * versions, a version's `source` or download URI) stands for the model
 * registered under the name they are given, `models:/<name>`. A server
 * that looks its model up by name (`client.get_latest_versions(NAME)`,
 * `mlflow.search_registered_models(filter_string=f"name = '{NAME}'")`)
 * and loads the version's `source` loads that registered model.
 */
const BY_NAME =
  /(?:^|\.)(?:get_latest_versions|get_registered_model|get_model_version|get_model_version_by_alias|get_model_version_download_uri)$/;
const BY_FILTER = /(?:^|\.)(?:search_registered_models|search_model_versions)$/;

/** `name = 'x'`, `name='x'`, `name LIKE "x"` in a registry search filter. */
const FILTER_NAME =
  /\bname[ \t]{0,8}(?:=|LIKE|ILIKE)[ \t]{0,8}['"]([^'"]{1,300})['"]/i;

/**
 * Azure ML's `Model.get_model_path(name)`: where the deployment put the
 * registered model of that name (the name often read from
 * `AZUREML_MODEL_DIR`, the folder the platform mounts it in).
 */
const AZURE_ML_PATH = /(?:^|\.)get_model_path$/;

function azureMlModelPath(
  reader: ValueReader,
  call: CallInfo,
  scope: Scope,
  depth: number,
): Value {
  const name: SyntaxNode | undefined =
    call.args.keyword.get('model_name') ?? call.args.positional[0];
  const value = name
    ? reader.read(name, scope, depth + 1)
    : { ...emptyValue(), unknown: true };
  return {
    ...value,
    keys: value.keys.map(k => ({ ...k, partial: false })),
    literals: value.literals.filter(l => l !== '').map(l => `azureml:${l}`),
    object: { kind: 'registered' },
  };
}

/** The callee's last word (`client.get_latest_versions`, `MlflowClient().get_latest_versions`). */
function methodOf(scope: Scope, call: CallInfo): string | undefined {
  if (call.dotted) return call.dotted;
  const callee = call.callee;
  if (callee.name !== 'MemberExpression' || !callee.lastChild) return undefined;
  return scope.module.syntax.textOf(callee.lastChild);
}

/**
 * The registered model a registry lookup names, or undefined when the
 * call is none (the module must import MLflow, Azure ML for
 * `Model.get_model_path`, or wandb for its artifacts).
 */
export function registryLookup(
  reader: ValueReader,
  call: CallInfo,
  scope: Scope,
  depth: number,
): Value | undefined {
  const method = methodOf(scope, call);
  if (!method) return undefined;
  if (AZURE_ML_PATH.test(method) && scope.module.importsLibrary('azureml')) {
    return azureMlModelPath(reader, call, scope, depth);
  }
  const artifact = wandbArtifact(reader, call, method, scope, depth);
  if (artifact) return artifact;
  if (!scope.module.importsLibrary('mlflow')) return undefined;
  const args = call.args;
  let named: Value | undefined;
  if (BY_NAME.test(method)) {
    const name: SyntaxNode | undefined =
      args.keyword.get('name') ?? args.positional[0];
    named = name ? reader.read(name, scope, depth + 1) : undefined;
    if (named) {
      named = { ...named, literals: named.literals.filter(l => l !== '') };
    }
  } else if (BY_FILTER.test(method)) {
    const filter = args.keyword.get('filter_string') ?? args.positional[0];
    named = filter
      ? filteredName(reader.read(filter, scope, depth + 1))
      : undefined;
  } else {
    return undefined;
  }
  const value = named ?? { ...emptyValue(), unknown: true };
  // A name read from configuration only: `models:/{KEY}`, as a composed path writes it.
  const names =
    value.literals.length === 0 && value.keys.length > 0
      ? [`{${value.keys[0].key}}`]
      : value.literals;
  return {
    ...value,
    keys: value.keys.map(k => ({ ...k, partial: false })),
    literals: names.map(name => `models:/${name}`),
    object: { kind: 'registered' },
  };
}

/** The model name a search filter asks for (`name = '{NAME}'` keeps the key). */
function filteredName(filter: Value): Value {
  const literals: string[] = [];
  for (const literal of filter.literals) {
    const name = FILTER_NAME.exec(literal)?.[1];
    if (name !== undefined && !(name.startsWith('{') && name.endsWith('}'))) {
      literals.push(name);
    }
  }
  return { ...filter, literals };
}
