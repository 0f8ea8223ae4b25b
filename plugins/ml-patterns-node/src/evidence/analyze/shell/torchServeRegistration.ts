import { ShellCommand } from './shellScript';

/**
 * A model registered with TorchServe's management API from a script:
 * `curl -X POST "http://localhost:8081/models?url=bert.mar&initial_workers=1"`.
 * Each registration loads one model archive into the running server.
 */
export interface TorchServeRegistration {
  /** The `url` parameter as written: an archive in the model store, a URL, or a variable (`$f`, `{}`). */
  url: string;
}

const MODELS_ENDPOINT = /^(?:https?:\/\/)?[^/\s]*\/models(?:\?|$)/;

export function torchServeRegistration(
  command: ShellCommand,
): TorchServeRegistration | undefined {
  const words = command.words;
  if (words[0]?.replace(/^.*\//, '') !== 'curl') return undefined;
  const method = words.findIndex(w => w === '-X' || w === '--request');
  const post =
    (method >= 0 && words[method + 1]?.toUpperCase() === 'POST') ||
    words.some(w => /^-X\s*POST$/i.test(w) || w === '-d' || w === '--data');
  if (!post) return undefined;
  for (const word of words) {
    if (!MODELS_ENDPOINT.test(word)) continue;
    const query = word.slice(word.indexOf('?') + 1);
    for (const pair of query.split('&')) {
      if (pair.startsWith('url='))
        return { url: decodeParameter(pair.slice(4)) };
    }
  }
  // `curl -X POST http://…:8081/models -d url=bert.mar`
  if (words.some(w => MODELS_ENDPOINT.test(w))) {
    const data = words.findIndex(w => w === '-d' || w === '--data');
    const value = data >= 0 ? words[data + 1] : undefined;
    const url = value
      ?.split('&')
      .find(pair => pair.startsWith('url='))
      ?.slice(4);
    if (url) return { url: decodeParameter(url) };
  }
  return undefined;
}

function decodeParameter(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
