import { ShellCommand } from './shellScript';

const WORKFLOWS_ENDPOINT = /^(?:https?:\/\/)?[^/\s]*\/workflows\?/;

/**
 * A workflow registered with TorchServe's management API from a script:
 * `curl -X POST "http://localhost:8081/workflows?url=pipeline.war"`. A
 * workflow is a DAG of models whose archives TorchServe reads from its
 * model store, each getting workers in the same server. Returns the
 * workflow archive as written.
 */
export function torchServeWorkflowRegistration(
  command: ShellCommand,
): string | undefined {
  const words = command.words;
  if (words[0]?.replace(/^.*\//, '') !== 'curl') return undefined;
  if (!words.some(w => /^(?:-X\s*)?POST$/i.test(w))) return undefined;
  for (const word of words) {
    if (!WORKFLOWS_ENDPOINT.test(word)) continue;
    const query = word.slice(word.indexOf('?') + 1);
    const url = query
      .split('&')
      .find(pair => pair.startsWith('url='))
      ?.slice(4);
    if (url) return url;
  }
  return undefined;
}
