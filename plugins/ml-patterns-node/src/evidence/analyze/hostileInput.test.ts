import fc from 'fast-check';
import { analyzeRepositoryFiles, wantsContent } from './index';
import { repo } from './__testUtils__/files';
import {
  analysisTime,
  AnalyzerFamily,
  ANALYZER_FAMILIES,
  combinedCase,
  HostileCase,
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
    expect(wantsContent('app/main.py', 200 * 1024)).toBe(true);
    expect(wantsContent('app/main.py', 300 * 1024)).toBe(false);
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
  });
});

/**
 * Every analyzer stays linear on hostile input: a hostile file of 512 KB is
 * analyzed in at most 20 times the time of an ordinary file of its kind
 * and size. A super-linear scan misses this by far: the files below took
 * 30 to 1000 times as long before their scans were made linear. The
 * hostile-input benchmark (`yarn bench:hostile`) runs every case.
 */
describe('linear time on hostile input', () => {
  const SIZE = 512 * 1024;
  const RATIO = 20;

  /** The files that were super-linear, by analyzer and case. */
  const REGRESSIONS: Array<[string, string]> = [
    ['Helm template', 'unclosed {{'],
    ['Helm template', 'closers'],
    ['Helm values', 'unclosed {{'],
    ['Python', 'attribute chain without call'],
    ['Python', 'blank lines'],
    ['Python', 'annotation spaces'],
    ['Kubernetes YAML', 'flow maps'],
    ['Kubernetes YAML', 'init container dashes'],
    ['compose', 'service command dashes'],
    ['Dockerfile', 'stages'],
    ['Dockerfile', 'ENV and substitutions'],
    ['Dockerfile', 'WORKDIR and RUN'],
    ['Dockerfile', 'conda without -f'],
    ['requirements', 'spaces before ;'],
    ['pyproject.toml', 'many poetry dependencies'],
    ['DVC', 'space before dash'],
    ['conda environment', 'unclosed double quotes'],
  ];

  /** Each family's ordinary file, timed once (fastest of two). */
  const baseline = new Map<string, number>();
  /**
   * Hostile time over ordinary time. A case over the ratio is timed twice
   * more (the fastest counts), so that a pause of the machine does not
   * fail it; a super-linear case stays far over.
   */
  const ratioOf = (family: AnalyzerFamily, hostile: HostileCase) => {
    if (!baseline.has(family.name)) {
      analysisTime(family, family.benign(64 * 1024), 1);
      baseline.set(family.name, analysisTime(family, family.benign(SIZE), 2));
    }
    const text = hostile.make(SIZE);
    let ratio = analysisTime(family, text, 1) / baseline.get(family.name)!;
    if (ratio > RATIO)
      ratio = Math.min(
        ratio,
        analysisTime(family, text, 2) / baseline.get(family.name)!,
      );
    return ratio;
  };
  const family = (name: string) =>
    ANALYZER_FAMILIES.find(candidate => candidate.name === name)!;

  it.each(REGRESSIONS)(
    '%s: %s',
    (familyName, caseName) => {
      const analyzer = family(familyName);
      const hostile = analyzer.hostile.find(c => c.name === caseName)!;
      expect(ratioOf(analyzer, hostile)).toBeLessThanOrEqual(RATIO);
    },
    120_000,
  );

  it.each(
    ANALYZER_FAMILIES.map(analyzer => [analyzer.name, analyzer] as const),
  )(
    '%s: generated hostile files',
    (_, analyzer) => {
      const property = () =>
        fc.assert(
          fc.property(
            fc.constantFrom(...analyzer.prefixes),
            fc.array(fc.constantFrom(...analyzer.tokens), {
              minLength: 1,
              maxLength: 3,
            }),
            fc.boolean(),
            (prefix, tokens, lines) =>
              ratioOf(analyzer, combinedCase(prefix, tokens.join(''), lines)) <=
              RATIO,
          ),
          { numRuns: 2, seed: 42 },
        );
      expect(property).not.toThrow();
    },
    120_000,
  );
});
