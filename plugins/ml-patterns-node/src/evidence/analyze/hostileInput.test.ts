import { analyzeRepositoryFiles, wantsContent } from './index';
import { repo } from './__testUtils__/files';
import {
  ANALYZER_FAMILIES,
  generatedCases,
} from './__testUtils__/hostileFiles';

/**
 * Hostile or broken input: each gives a problem (or nothing) and the
 * analysis returns, bounded in time and memory. No timing asserts.
 */
describe('hostile input', () => {
  it('reports malformed YAML per document and keeps the good documents', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'k8s/all.yaml':
          'apiVersion: v1\nkind: Pod\nmetadata: {name: ok}\nspec:\n  containers: [{name: a, image: x}]\n---\nkind: [unclosed\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: also-ok}\nspec: {template: {spec: {containers: []}}}\n',
      }),
    );
    expect(evidence.workloads.map(w => [w.name, w.line])).toEqual([
      ['ok', 1],
      ['also-ok', 9],
    ]);
    expect(evidence.problems).toHaveLength(1);
    expect(evidence.problems[0].path).toBe('k8s/all.yaml');
    expect(evidence.problems[0].line).toBe(7);
    expect(evidence.problems[0].message).toMatch(/^invalid YAML/);
  });

  it('rejects a YAML alias bomb as a problem', () => {
    let bomb =
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    let previous = 'a';
    for (let i = 0; i < 9; i++) {
      const name = `b${i}`;
      bomb += `${name}: &${name} [${Array(9)
        .fill(`*${previous}`)
        .join(',')}]\n`;
      previous = name;
    }
    bomb += 'kind: Pod\napiVersion: v1\n';
    const evidence = analyzeRepositoryFiles(
      repo({ 'bomb.yaml': bomb, 'environment.yml': bomb }),
    );
    expect(evidence.workloads).toEqual([]);
    expect(evidence.problems).toEqual([
      {
        path: 'bomb.yaml',
        line: 1,
        message:
          'YAML rejected: Excessive alias count indicates a resource exhaustion attack',
      },
      {
        path: 'environment.yml',
        message:
          'YAML rejected: Excessive alias count indicates a resource exhaustion attack',
      },
    ]);
  });

  it('reports malformed TOML and a Dockerfile without FROM', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'pyproject.toml': '[project\nname = 1\n',
        Pipfile: '[packages]\nflask = \n',
        Dockerfile: 'this is not\na dockerfile at all\n',
      }),
    );
    expect(evidence.dockerfiles).toEqual([]);
    expect(evidence.dependencyManifests).toEqual([]);
    expect(
      evidence.problems.map(p => [p.path, p.line, p.message.split(':')[0]]),
    ).toEqual([
      ['Pipfile', 2, 'invalid TOML'],
      ['pyproject.toml', 1, 'invalid TOML'],
      ['Dockerfile', 1, 'unknown Dockerfile instruction THIS'],
      ['Dockerfile', 2, 'unknown Dockerfile instruction A'],
      ['Dockerfile', undefined, 'no FROM instruction'],
    ]);
  });

  it('reports binary content in .py and .yaml files', () => {
    const binary = Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01, 0xff, 0xfe,
    ]);
    const evidence = analyzeRepositoryFiles(
      repo({
        'app/model.py': binary,
        'deploy.yaml': binary,
        'weights.bin': binary,
      }),
    );
    expect(evidence.problems).toEqual([
      { path: 'app/model.py', message: 'binary content; not parsed' },
      { path: 'deploy.yaml', message: 'binary content; not parsed' },
    ]);
    expect(evidence.codeFiles).toEqual(['app/model.py']);
    expect(evidence.modelLoaders).toEqual([]);
  });

  it('parses a huge requirements file and caps its problems', () => {
    const lines: string[] = [];
    for (let i = 0; i < 20000; i++)
      lines.push(i % 2 ? `package-${i}==1.0.${i}` : `not valid line ${i}`);
    const content = `${lines.join('\n')}\n`;
    expect(content.length).toBeLessThan(512 * 1024);
    const evidence = analyzeRepositoryFiles(
      repo({ 'requirements.txt': content }),
    );
    expect(evidence.dependencyManifests[0].requirements).toHaveLength(10000);
    expect(evidence.dependencyManifests[0].requirements[0]).toEqual({
      name: 'package-1',
      specifier: '==1.0.1',
      pinned: true,
      line: 2,
    });
    expect(evidence.problems).toHaveLength(20);
  });

  it('reports a wanted file over the size cap as not read', () => {
    const huge = `${'numpy==1.26.4\n'.repeat(50000)}`;
    const evidence = analyzeRepositoryFiles(
      repo({
        'requirements.txt': huge,
        Dockerfile: `FROM x\n${'RUN echo hi\n'.repeat(50000)}`,
      }),
    );
    expect(evidence.dependencyManifests).toEqual([]);
    expect(evidence.problems).toEqual([
      {
        path: 'requirements.txt',
        message: `not read: ${huge.length} bytes is over the size cap`,
      },
      {
        path: 'Dockerfile',
        message:
          'not read: 600007 bytes is over the size cap; its instructions are unknown',
      },
    ]);
    expect(evidence.dockerfiles).toEqual([
      {
        path: 'Dockerfile',
        stages: [],
        modelsIntoImage: [],
        installsManifests: [],
        startupDownloads: [],
      },
    ]);
  });

  it('does not parse content over the cap even if a reader hands it in', () => {
    const big = Buffer.alloc(2 * 1024 * 1024, 'a');
    const evidence = analyzeRepositoryFiles([
      { path: 'k8s.yaml', size: big.length, content: big },
    ]);
    expect(evidence.problems).toEqual([
      {
        path: 'k8s.yaml',
        message: 'file is larger than 1048576 bytes; not parsed',
      },
    ]);
  });

  it('survives pathological Python (unbalanced brackets, deep nesting, unterminated strings)', () => {
    const python = [
      'import joblib',
      `x = ${'('.repeat(5000)}`,
      'model = joblib.load("models/a.pkl"',
      's = """never closed',
      'joblib.load(',
    ].join('\n');
    const evidence = analyzeRepositoryFiles(repo({ 'app.py': python }));
    // After an unclosed bracket Python reads the rest of the file as one
    // expression: there is no statement, so no load, and no crash.
    expect(evidence.modelLoaders).toEqual([]);
    expect(evidence.problems).toEqual([]);
  });

  it('wants only the files that matter, within size caps', () => {
    expect(wantsContent('Dockerfile', 1000)).toBe(true);
    expect(wantsContent('svc/inference.Dockerfile', 1000)).toBe(true);
    expect(wantsContent('k8s/deploy.yaml', 1000)).toBe(true);
    expect(wantsContent('k8s/deploy.yaml', 600 * 1024)).toBe(false);
    expect(wantsContent('app/main.py', 400 * 1024)).toBe(true);
    expect(wantsContent('app/main.py', 600 * 1024)).toBe(false);
    expect(wantsContent('node_modules/x/index.yaml', 10)).toBe(false);
    expect(wantsContent('.venv/lib/site.py', 10)).toBe(false);
    expect(wantsContent('pnpm-lock.yaml', 10)).toBe(false);
    expect(wantsContent('poetry.lock', 10)).toBe(false);
    expect(wantsContent('notebooks/a.ipynb', 10)).toBe(false);
    expect(wantsContent('models/model.onnx', 10)).toBe(false);
    // Documentation, for the commands that build the image.
    expect(wantsContent('README.md', 10)).toBe(true);
    expect(wantsContent('docs/deploy.md', 10)).toBe(true);
    expect(wantsContent('README.md', 200 * 1024)).toBe(false);
    expect(wantsContent('CHANGELOG.md', 10)).toBe(false);
    expect(wantsContent('.github/CODEOWNERS', 10)).toBe(true);
    expect(wantsContent('requirements/prod.txt', 10)).toBe(true);
    // CI configurations, for what they run.
    expect(wantsContent('Jenkinsfile', 10)).toBe(true);
  });
});

/**
 * Every generated hostile file of the hostile-input benchmark, small: each
 * is analysed to completion, and its evidence grows with the file, not
 * beyond (a resource per pumped unit at most). Linear time is checked
 * apart: regexes by linearRegexes.test.ts, everything else by
 * `yarn bench:hostile`, which times these files at 512 KB.
 */
describe('generated hostile files', () => {
  const SIZE = 16 * 1024;
  /** The largest evidence per input byte: a Kubernetes resource per few lines. */
  const EVIDENCE_PER_BYTE = 32;

  it.each(
    ANALYZER_FAMILIES.map(analyzer => [analyzer.name, analyzer] as const),
  )('%s: analysed to completion, evidence bounded', (_, analyzer) => {
    for (const hostile of [
      ...analyzer.hostile,
      ...generatedCases(analyzer, 2, 42),
    ]) {
      const input = analyzer.input(hostile.make(SIZE));
      const evidence = analyzeRepositoryFiles(input.files, {
        repository: input.repository,
      });
      expect({
        case: hostile.name,
        status: evidence.status,
        bounded: JSON.stringify(evidence).length <= EVIDENCE_PER_BYTE * SIZE,
      }).toEqual({ case: hostile.name, status: 'ok', bounded: true });
    }
  });
});
