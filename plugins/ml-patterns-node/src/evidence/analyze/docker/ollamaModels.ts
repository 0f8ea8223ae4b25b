import { SourceLine } from '../../types';
import { LocatedCommand } from './imageCommands';

/**
 * The models an Ollama server holds: each `ollama pull NAME` (or
 * `ollama run NAME`, which pulls it first) the image's build or start
 * runs, once per name, at the line that pulls it. An embedder and a chat
 * model pulled into one image are two models one server answers for.
 */
export function ollamaModels(
  located: LocatedCommand[],
): Array<SourceLine & { name: string; note: string }> {
  const models: Array<SourceLine & { name: string; note: string }> = [];
  for (const { command, path } of located) {
    const words = command.words;
    if (words[0]?.replace(/^.*\//, '') !== 'ollama') continue;
    if (words[1] !== 'pull' && words[1] !== 'run') continue;
    const name = words.slice(2).find(w => !w.startsWith('-'));
    if (!name || name.includes('$') || models.some(m => m.name === name))
      continue;
    models.push({
      path,
      line: command.line,
      name,
      note: `ollama ${words[1]} ${name}`,
    });
  }
  return models;
}
