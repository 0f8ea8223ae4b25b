import { PythonModule } from './pythonModule';

/** Scripts at most this long are read (download scripts are short). */
const MAX_TEXT = 200_000;

/**
 * The libraries whose published weights a script fetches with a factory
 * given `pretrained=True` (`from torchvision import models;
 * models.resnet18(pretrained=True)` → `torchvision`): a build step running
 * it puts them in the image's cache, where the served code's same calls
 * read them.
 */
export function pretrainedLibraries(path: string, text: string): string[] {
  if (text.length > MAX_TEXT || !text.includes('pretrained')) return [];
  const module = new PythonModule(path, text);
  const libraries = new Set<string>();
  for (const call of module.calls) {
    const pretrained = call.dotted && call.args.keyword.get('pretrained');
    if (!pretrained || module.syntax.textOf(pretrained) !== 'True') continue;
    const binding = module.importOf(call.dotted!.split('.')[0]);
    const library = binding?.module.split('.')[0];
    if (library) libraries.add(library);
  }
  return [...libraries];
}
