import { DependencyManifestFacts, EvidenceProblem } from '../../types';
import { isCondaEnvironment } from '../fileKinds';
import { baseName } from '../paths';
import {
  parseCondaEnvironment,
  parsePipfile,
  parsePyproject,
  parseSetupPy,
} from '../pythonManifests';
import { isRequirementsFile, parseRequirementsFile } from '../requirements';

/** Python dependency manifests by file kind: how each is recognised and parsed. */
const MANIFEST_PARSERS: Array<{
  matches(path: string): boolean;
  parse(
    path: string,
    text: string,
    problems: EvidenceProblem[],
  ): DependencyManifestFacts | undefined;
}> = [
  { matches: p => baseName(p) === 'setup.py', parse: parseSetupPy },
  { matches: isRequirementsFile, parse: parseRequirementsFile },
  { matches: p => baseName(p) === 'pyproject.toml', parse: parsePyproject },
  { matches: p => baseName(p) === 'Pipfile', parse: parsePipfile },
  { matches: isCondaEnvironment, parse: parseCondaEnvironment },
];

/** `setup.py`, requirement files, `pyproject.toml`, `Pipfile`, conda environment files. */
export function isDependencyManifest(path: string): boolean {
  return MANIFEST_PARSERS.some(parser => parser.matches(path));
}

/** Parses a dependency manifest; undefined when the file is none or states no dependencies. */
export function parseDependencyManifest(
  path: string,
  text: string,
  problems: EvidenceProblem[],
): DependencyManifestFacts | undefined {
  return MANIFEST_PARSERS.find(parser => parser.matches(path))?.parse(
    path,
    text,
    problems,
  );
}
