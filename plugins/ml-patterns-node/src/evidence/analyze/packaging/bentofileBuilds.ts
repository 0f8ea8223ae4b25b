import { EvidenceProblem, RepositoryFile } from '../../types';
import { isBentofile } from '../context/bentofileModels';
import { isIgnoredPath } from '../paths';
import { decodeText } from '../text';
import { parseYamlDocuments, YamlNav } from '../yamlDocuments';

/**
 * A bentofile is the build specification of a Bento: `bentoml build`
 * reads it and packs the service together with the store models the
 * service loads. The Bento is what is deployed (or containerized), so a
 * bentofile naming a service is a build of the unit even when no script
 * writes the command out.
 */
export interface BentofileBuild {
  path: string;
  /** The `service:` line. */
  line: number;
  service: string;
}

/** The bentofiles of the files that name the service they build. */
export function bentofileBuilds(
  files: RepositoryFile[],
  problems: EvidenceProblem[],
): BentofileBuild[] {
  const builds: BentofileBuild[] = [];
  for (const file of files) {
    if (!file.content || !isBentofile(file.path) || isIgnoredPath(file.path))
      continue;
    const decoded = decodeText(file);
    if (!decoded?.ok) continue;
    const parsed = parseYamlDocuments(file.path, decoded.text, problems);
    const first = parsed.documents[0];
    if (!first) continue;
    const nav = new YamlNav(first.doc);
    const node = nav.get(first.root, 'service');
    const service = nav.str(first.root, 'service');
    if (!service) continue;
    builds.push({
      path: file.path,
      line: parsed.lineOf(node) ?? 1,
      service,
    });
  }
  return builds;
}
