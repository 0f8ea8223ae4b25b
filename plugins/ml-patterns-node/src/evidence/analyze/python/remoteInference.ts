import { SourceLine } from '../../types';
import { canonicalCallee } from './canonicalCallee';
import { PythonProject } from './pythonProject';

/**
 * Calls that send a request to a model served elsewhere: a managed
 * endpoint (SageMaker `invoke_endpoint`, Bedrock `invoke_model`), a hosted
 * model API (`client.chat.completions.create`, `client.messages.create`),
 * or an HTTP POST. A process that makes one and loads no model of its
 * own forwards to a model released elsewhere.
 */
const REMOTE_METHOD =
  /\.(?:invoke_endpoint(?:_async)?|invoke_model(?:_with_response_stream)?|chat\.completions\.create|completions\.create|embeddings\.create|messages\.create|responses\.create|generate_content)$/;

const HTTP_POST = /^(?:requests|httpx)\.post$/;

/** Words without which a module makes none of these calls: most modules are not parsed again. */
const HINT =
  /invoke_endpoint|invoke_model|\.create\(|generate_content|requests|httpx/;

/** The first call to a remote model among a process's modules (in path order). */
export function remoteInferenceCall(
  project: PythonProject,
  modules: Iterable<string>,
): (SourceLine & { call: string }) | undefined {
  for (const path of [...modules].sort()) {
    const text = project.text(path);
    if (text === undefined || !HINT.test(text)) continue;
    const module = project.module(path);
    if (!module) continue;
    for (const call of module.calls) {
      if (!call.dotted) continue;
      const callee = canonicalCallee(project, module, call.dotted);
      if (REMOTE_METHOD.test(callee) || HTTP_POST.test(callee))
        return { path, line: call.line, call: callee };
    }
  }
  return undefined;
}
