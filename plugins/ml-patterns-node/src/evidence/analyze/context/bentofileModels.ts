import { EvidenceProblem, ModelServerConfigFacts } from '../../types';
import { baseName } from '../paths';
import { parseYamlDocuments, YamlNav } from '../yamlDocuments';

/**
 * A bentofile's `models:` list: the models `bentoml build` packs into the
 * Bento, all served by its one service. Entries are tags (`name:version`)
 * or `{tag: …}` maps; versions of one name are one model.
 */

export function isBentofile(path: string): boolean {
  return /^bentofile\.ya?ml$/.test(baseName(path));
}

export function readBentofileModels(
  path: string,
  text: string,
  problems: EvidenceProblem[],
): ModelServerConfigFacts | undefined {
  const parsed = parseYamlDocuments(path, text, problems);
  const first = parsed.documents[0];
  if (!first) return undefined;
  const nav = new YamlNav(first.doc);
  const list = nav.get(first.root, 'models');
  const models: ModelServerConfigFacts['models'] = [];
  for (const item of nav.items(list)) {
    const tag = nav.str(item) ?? nav.str(item, 'tag');
    if (!tag) continue;
    const name = tag.split(':')[0];
    if (models.some(m => m.name === name)) continue;
    models.push({
      path,
      line: parsed.lineOf(item) ?? 1,
      name,
      note: `BentoML model ${tag}`,
    });
  }
  if (models.length === 0) return undefined;
  return {
    path,
    line: parsed.lineOf(list) ?? 1,
    server: 'bentoml',
    description: `BentoML service packed by ${path}`,
    models,
  };
}
