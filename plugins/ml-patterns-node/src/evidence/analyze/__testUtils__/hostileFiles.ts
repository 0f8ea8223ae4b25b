import { RepositoryFile } from '../../types';
import { analyzeRepositoryFiles } from '../index';
import { RepositoryContextFiles } from '../repositoryContext/RepositoryContextFiles';

/**
 * Generated hostile files, one family per analyzer: each is a short
 * "pump" repeated to the requested size, chosen to hit what makes a
 * scanner super-linear (unclosed delimiters, long runs of what an
 * optional repetition accepts, the same construct thousands of times).
 * Shared by the hostile-input test and the hostile-input benchmark.
 */

/** One analysis input: the folder's files and, for a subfolder, the repository around it. */
export interface AnalysisInput {
  files: RepositoryFile[];
  repository?: RepositoryContextFiles;
}

export interface HostileCase {
  name: string;
  make(size: number): string;
  /** One of the cases every text format gets. */
  generic?: boolean;
}

export interface AnalyzerFamily {
  /** The analyzer, as users know the file kind. */
  name: string;
  /** The analysis input around one generated text. */
  input(text: string): AnalysisInput;
  /** An ordinary file of the kind, grown to the size. */
  benign(size: number): string;
  hostile: HostileCase[];
  /** Prefixes and pumps the property test combines at random. */
  prefixes: string[];
  tokens: string[];
}

export function file(path: string, text: string): RepositoryFile {
  const content = Buffer.from(text, 'utf8');
  return { path, size: content.length, content };
}

/** `prefix` + `unit` repeated + `suffix`, `size` characters in all. */
export function pump(
  size: number,
  unit: string,
  prefix = '',
  suffix = '',
): string {
  const room = Math.max(0, size - prefix.length - suffix.length);
  const body = unit.repeat(Math.ceil(room / unit.length)).slice(0, room);
  return `${prefix}${body}${suffix}`;
}

/** A named case repeating `unit` after `prefix`. */
function repeated(
  name: string,
  unit: string,
  prefix = '',
  suffix = '',
): HostileCase {
  return { name, make: size => pump(size, unit, prefix, suffix) };
}

/** Cases every text format gets: runs of whitespace, quotes, brackets, escapes. */
function generic(): HostileCase[] {
  return genericCases().map(hostile => ({ ...hostile, generic: true }));
}

function genericCases(): HostileCase[] {
  return [
    repeated('blank lines', '\n'),
    repeated('spaces on one line', ' ', 'a', 'x'),
    repeated('tabs and spaces', ' \t', 'a', '!'),
    repeated('unclosed double quotes', '"'),
    repeated('unclosed single quotes', "'"),
    repeated('open brackets', '(['),
    repeated('backslashes', '\\'),
    repeated('dashes', '-'),
    repeated('dollar braces', '${'),
    repeated('one long word', 'a'),
  ];
}

const DOCKERFILE_BENIGN = [
  'FROM python:3.11-slim AS base',
  'WORKDIR /app',
  'ENV PYTHONUNBUFFERED=1 MODEL_DIR=/models',
  'COPY requirements.txt .',
  'RUN pip install --no-cache-dir -r requirements.txt && rm -rf /root/.cache',
  'COPY src/ ./src/',
  'RUN python -m compileall src',
  '',
].join('\n');

const PYTHON_BENIGN = [
  'import os',
  'import joblib',
  'from fastapi import FastAPI',
  '',
  'MODEL_PATH = os.environ.get("MODEL_PATH", "models/model.pkl")',
  'model = joblib.load(MODEL_PATH)',
  'app = FastAPI()',
  '',
  '',
  'def predict(features: list[float]) -> float:',
  '    """Scores one row."""',
  '    total = sum(x * 2 for x in features)  # weighted',
  '    return model.predict([features])[0] + total',
  '',
].join('\n');

const DEPLOYMENT_BENIGN = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: svc',
  '  labels: {app: svc}',
  'spec:',
  '  template:',
  '    spec:',
  '      containers:',
  '        - name: server',
  '          image: acme/svc:1.0',
  '          args: ["--port", "8080", "--workers", "2"]',
  '          env:',
  '            - {name: MODEL_PATH, value: /models/m.pkl}',
  '          readinessProbe: {httpGet: {path: /ready, port: 8080}}',
  '---',
  '',
].join('\n');

const HELM_BENIGN = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: {{ include "svc.fullname" . }}',
  '  labels:',
  '    {{- include "svc.labels" . | nindent 4 }}',
  'spec:',
  '  replicas: {{ .Values.replicaCount }}',
  '  template:',
  '    spec:',
  '      containers:',
  '        - name: {{ .Chart.Name }}',
  '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"',
  '---',
  '',
].join('\n');

const VALUES_BENIGN = [
  'replicaCount: 2',
  'image:',
  '  repository: acme/svc',
  '  tag: "1.0"',
  'model:',
  '  uri: s3://models/svc/model.pkl',
  'resources: {limits: {cpu: 1, memory: 1Gi}}',
  '',
].join('\n');

const COMPOSE_HEAD = 'services:\n';
const composeService = (i: number) =>
  `  svc${i}:\n    image: acme/svc:${i}\n    command: ["uvicorn", "app:app", "--port", "80${
    i % 10
  }"]\n    environment:\n      MODEL_PATH: /models/m${i}.pkl\n`;

function grown(size: number, unit: (i: number) => string, head = ''): string {
  const parts = [head];
  let length = head.length;
  for (let i = 0; length < size; i++) {
    const part = unit(i);
    parts.push(part);
    length += part.length;
  }
  return parts.join('').slice(0, size);
}

/** A one-file folder. */
const single =
  (path: string) =>
  (text: string): AnalysisInput => ({ files: [file(path, text)] });

/** The analyzer families the hostile-input test and benchmark feed. */
export const ANALYZER_FAMILIES: AnalyzerFamily[] = [
  {
    name: 'Dockerfile',
    input: single('Dockerfile'),
    benign: size => grown(size, () => DOCKERFILE_BENIGN),
    prefixes: ['', 'FROM x\n', 'FROM x\nRUN ', 'FROM x\nCOPY ', 'FROM x\nENV '],
    tokens: [
      '\\\n',
      '$',
      '${',
      'a ',
      '--a ',
      '-e ',
      'conda install ',
      '"',
      '|',
    ],
    hostile: [
      ...generic(),
      repeated('stages', 'FROM a AS b\n'),
      repeated('global ARGs', 'ARG A=1\n'),
      repeated(
        'ENV and substitutions',
        'ENV A=1\nCOPY $A$A$A $A\n',
        'FROM x\n',
      ),
      repeated('WORKDIR and RUN', 'WORKDIR a\nRUN x\n', 'FROM x\n'),
      repeated('line continuations', ' \\\n', 'FROM x\nRUN echo'),
      repeated('conda without -f', 'conda install ', 'FROM x\nRUN '),
      repeated('pip flags', '-e ', 'FROM x\nRUN pip install '),
      repeated('downloads', 'RUN wget m.pkl\n', 'FROM x\n'),
      repeated('pip -r', 'RUN pip install -r r.txt\n', 'FROM x\n'),
      repeated('COPY sources', 'COPY a b\n', 'FROM x\n'),
      repeated('variables', '$A', 'FROM x\nRUN '),
    ],
  },
  {
    name: 'entrypoint script',
    input: text => ({
      files: [
        file(
          'Dockerfile',
          'FROM x\nCOPY entrypoint.sh /app/\nCMD ["/app/entrypoint.sh"]\n',
        ),
        file('entrypoint.sh', text),
      ],
    }),
    benign: size =>
      grown(
        size,
        i =>
          `echo "step ${i}"\nexport VAR_${i}=value\nls -la /app >/dev/null\n`,
        '#!/bin/sh\nset -e\n',
      ),
    prefixes: ['', 'curl ', 'python ', 'gsutil cp '],
    tokens: ['-', '--', '$', '${', 'a ', '/', '"', 'MODEL'],
    hostile: [
      ...generic(),
      repeated('flag dashes', '-', 'init '),
      repeated('model variables', '$A', 'curl '),
      repeated('python words', 'python ', ''),
      repeated('long fetch', ' a', 'gsutil cp'),
    ],
  },
  {
    name: 'Dockerfile CMD scripts',
    input: text => ({
      files: [
        file('Dockerfile', `FROM x\nCOPY . /app/\nCMD ${text}\n`),
        file('run.sh', 'curl -o /m.pkl https://x/m.pkl\n'.repeat(2000)),
      ],
    }),
    benign: size => pump(size, ' --flag value', 'python serve.py'),
    prefixes: [''],
    tokens: ['run.sh ', '/app/run.sh ', 'a ', '"'],
    hostile: [repeated('script named many times', 'run.sh ', '')],
  },
  {
    name: 'Kubernetes YAML',
    input: single('k8s/deploy.yaml'),
    benign: size => grown(size, () => DEPLOYMENT_BENIGN),
    prefixes: [
      '',
      'a: ',
      '- ',
      'kind: Pod\nspec:\n  initContainers:\n    - command: ["',
      'k: "',
    ],
    tokens: ['[', '{', '- ', '&a ', '*a ', ': ', '#', '--', '$', '? ', ','],
    hostile: [
      ...generic(),
      repeated('flow sequences', '['),
      repeated('flow maps', '{'),
      repeated('block sequences', '- '),
      repeated('anchors', '&a '),
      repeated('documents', '---\n'),
      repeated(
        'init container dashes',
        '-',
        'kind: Pod\nspec:\n  initContainers:\n    - name: i\n      command: ["',
        '"]\n',
      ),
      repeated(
        'model flags',
        '--model-repository ',
        'kind: Pod\nspec:\n  containers:\n    - name: s\n      command: ["',
        'explicit"]\n',
      ),
      repeated(
        'trained models',
        '---\napiVersion: serving.kserve.io/v1alpha1\nkind: TrainedModel\nmetadata: {name: t}\nspec: {inferenceService: s, model: {storageUri: s3://m}}\n---\napiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata: {name: s}\nspec: {predictor: {}}\n',
      ),
      repeated(
        'seldon graph children',
        '  - {name: m}\n',
        'apiVersion: machinelearning.seldon.io/v1\nkind: SeldonDeployment\nmetadata: {name: s}\nspec:\n  predictors:\n  - graph:\n      children:\n',
      ),
    ],
  },
  {
    name: 'Helm template',
    input: single('chart/templates/deployment.yaml'),
    benign: size => grown(size, () => HELM_BENIGN),
    prefixes: ['', 'a: ', 'name: {{ ', '{{- if '],
    tokens: ['{{', '}}', '{', '}', '{{-', ' ', '\n', '"', '|'],
    hostile: [
      ...generic(),
      repeated('unclosed {{', '{{'),
      repeated('unclosed {{ with spaces', '{{ '),
      repeated('unclosed {{ per line', 'a: {{ x\n'),
      repeated('{{ across lines', '{{\n'),
      repeated('closed and open', '{{ a }} {{'),
      repeated('closers', '}}'),
    ],
  },
  {
    name: 'Helm values',
    input: single('chart/values.yaml'),
    benign: size => grown(size, () => VALUES_BENIGN),
    prefixes: ['', 'a: '],
    tokens: ['{{', '}}', '{', ' ', '\n'],
    hostile: [
      repeated('unclosed {{', '{{'),
      repeated('{{ per line', 'k: {{\n'),
    ],
  },
  {
    name: 'compose',
    input: single('docker-compose.yml'),
    benign: size => grown(size, composeService, COMPOSE_HEAD),
    prefixes: ['', 'services:\n  a:\n    command: "'],
    tokens: ['-', '--', '$', 'a ', '{', '['],
    hostile: [
      ...generic(),
      repeated(
        'service command dashes',
        '-',
        'services:\n  a:\n    command: "',
        '"\n',
      ),
      repeated('services', '  a:\n    image: x\n', 'services:\n'),
    ],
  },
  {
    name: 'Python',
    input: single('app/main.py'),
    benign: size => grown(size, () => PYTHON_BENIGN),
    prefixes: ['', 'import joblib\n', 'x = ', 'joblib.load(', 'for ', 'def f('],
    tokens: ['a', ' ', '.', '(', ')', '"', "'", '#', '\n', ':', '=', ','],
    hostile: [
      ...generic(),
      repeated('attribute chain without call', 'a . '),
      repeated('attribute chain', 'a.'),
      repeated('comment lines', '#\n'),
      repeated('assignments', 'x = 1\n'),
      repeated(
        'loads after assignments',
        'x = "m.pkl"\njoblib.load(x)\n',
        'import joblib\n',
      ),
      repeated('with open', 'with open('),
      repeated('annotation spaces', ' ', 'a:', '!'),
      repeated('assignment spaces', ' ', 'a', '!'),
      repeated('for without in', ' in', 'for a'),
      repeated('field spaces', ' ', ' a: b', '!'),
      repeated('unclosed defs', 'def f(\n'),
      repeated('unclosed classes', 'class A(\n'),
      repeated('triple quotes', '"""'),
      repeated('calls', 'a(', ''),
      repeated('wrapped path', ').a()', 'import joblib\njoblib.load(Path('),
    ],
  },
  {
    name: 'setup.py',
    input: single('setup.py'),
    benign: size =>
      grown(
        size,
        i => `    "package-${i}>=1.${i}",\n`,
        'setup(\n  install_requires=[\n',
      ),
    prefixes: ['install_requires=['],
    tokens: ['"', "'", '[', 'a', '\n'],
    hostile: [repeated('quotes', `"a'`, 'install_requires=[')],
  },
  {
    name: 'requirements',
    input: single('requirements.txt'),
    benign: size => grown(size, i => `package-${i}==1.0.${i}  # pinned\n`),
    prefixes: ['', 'a @ x', '-r ', 'a==1 --hash '],
    tokens: [' ', '\\', '#', ';', '-', '@', '\n', '[', '='],
    hostile: [
      ...generic(),
      repeated('spaces before ;', ' ', 'a @ x', 'y'),
      repeated('continuations', 'a \\\n'),
      repeated('options', ' -a', 'a'),
    ],
  },
  {
    name: 'pyproject.toml',
    input: single('pyproject.toml'),
    benign: size =>
      grown(
        size,
        i => `"package-${i}>=1.${i}",\n`,
        '[project]\nname = "x"\ndependencies = [\n',
      ).replace(/,\n[^\n]*$/, ',\n]\n'),
    prefixes: ['[project]\ndependencies = [', '[tool.poetry.dependencies]\n'],
    tokens: ['"', '[', '{', ' ', '=', '\n', 'a'],
    hostile: [
      ...generic(),
      {
        name: 'many poetry dependencies',
        make: size =>
          grown(
            size,
            i => `p${i} = "1.${i}"\n`,
            '[tool.poetry.dependencies]\n',
          ),
      },
      {
        name: 'many project dependencies',
        make: size =>
          `${grown(
            size - 2,
            i => `"p${i}",\n`,
            '[project]\nname = "x"\ndependencies = [\n',
          ).replace(/\n[^\n]*$/, '\n')}]\n`,
      },
      repeated('nested arrays', '['),
      repeated('inline tables', '{a='),
    ],
  },
  {
    name: 'Pipfile',
    input: single('Pipfile'),
    benign: size => grown(size, i => `p${i} = "==1.${i}"\n`, '[packages]\n'),
    prefixes: ['[packages]\n'],
    tokens: ['"', '=', ' ', '\n', 'a'],
    hostile: [
      {
        name: 'many packages',
        make: size => grown(size, i => `p${i} = "*"\n`, '[packages]\n'),
      },
    ],
  },
  {
    name: 'conda environment',
    input: single('environment.yml'),
    benign: size =>
      grown(size, i => `  - package-${i}=1.${i}\n`, 'dependencies:\n'),
    prefixes: ['dependencies:\n  - '],
    tokens: ['=', ':', 'a', ' ', '*'],
    hostile: [
      ...generic(),
      repeated('long spec', '=a', 'dependencies:\n  - a'),
    ],
  },
  {
    name: 'CODEOWNERS',
    input: single('.github/CODEOWNERS'),
    // Read to the end: rules that leave paths unowned, the owner last.
    benign: size =>
      `${grown(
        size - 20,
        i => `# generated ${i}\n/src/generated-${i}/\n`,
      )}\n* @acme/ml\n`,
    prefixes: ['', '[Section] ', '* '],
    tokens: ['#', ' ', '@', '*', '[', ']', '\\ '],
    hostile: [
      ...generic(),
      repeated('comment marks', ' #'),
      repeated('sections', '[a]'),
    ],
  },
  {
    name: 'repository CODEOWNERS',
    input: text => ({
      files: [file('app.py', 'x = 1\n'), file('sub/model.py', 'y = 2\n')],
      repository: {
        scope: 'svc',
        files: [file('CODEOWNERS', text), file('README.md', '')],
      },
    }),
    benign: size => grown(size, i => `/src/module${i}/ @acme/team-${i % 7}\n`),
    prefixes: ['', '* '],
    tokens: ['*', 'a', '/', '?', ' @o\n'],
    hostile: [
      repeated('stars', '*a', '', ' @o\n'),
      repeated('globstars', '**/a', '', ' @o\n'),
      repeated('many rules', 'a*b*c @o\n'),
    ],
  },
  {
    name: 'OWNERS',
    input: single('OWNERS'),
    benign: size => grown(size, i => `  - person-${i}\n`, 'approvers:\n'),
    prefixes: ['approvers:\n'],
    tokens: ['- ', '[', '{', ' '],
    hostile: [...generic(), repeated('nested lists', '- ')],
  },
  {
    name: 'DVC',
    input: text => ({
      files: [file('data.dvc', text), file('.dvc/config', text)],
    }),
    benign: size =>
      grown(size, i => `outs:\n- md5: ${i}\n  path: data/part-${i}.csv\n`),
    prefixes: ['', '['],
    tokens: [' ', '-', '\n', '[', '"'],
    hostile: [
      ...generic(),
      repeated('space before dash', ' ', '', '- x'),
      repeated('indented remote', ' \n'),
    ],
  },
  {
    name: 'dockerignore',
    input: text => ({
      files: [
        file('Dockerfile', 'FROM x\nCOPY . /app\n'),
        file('.dockerignore', text),
        file('models/m.pkl', 'x'),
        file('models/deep/a/b/c/d/e/m.pkl', 'x'),
      ],
    }),
    benign: size => grown(size, i => `build/cache-${i}/\n`),
    prefixes: ['', '!'],
    tokens: ['*', 'a', '/', '**', '!', '\n'],
    hostile: [
      repeated('stars', '*a', '', '\n'),
      repeated('many rules', '*a*/\n'),
    ],
  },
  {
    name: 'GitLab CI',
    input: single('.gitlab-ci.yml'),
    benign: size =>
      grown(
        size,
        i => `job${i}:\n  script:\n    - pytest tests/test_${i}.py\n`,
      ),
    prefixes: ['', 'job:\n  script:\n    - '],
    tokens: ['{{', '[', '{', '- ', ' '],
    hostile: [...generic(), repeated('flow sequences', '[')],
  },
  {
    name: 'Markdown',
    input: single('README.md'),
    benign: size =>
      grown(
        size,
        i =>
          `## Step ${i}\n\nBuild the *image* with [the CLI](docs/${i}.md):\n\n- one\n- two\n  1. nested\n\n> note ${i}\n\n\`\`\`bash\nmlserver build models/m${i} -t acme/m${i}\ndocker push acme/m${i}\n\`\`\`\n\n`,
        '# Serving\n\n',
      ),
    prefixes: [
      'mlserver build\n',
      '```sh\nbentoml containerize ',
      '- ```console\n  $ mlflow models build-docker ',
      '> ```\n> mlserver build ',
    ],
    tokens: ['>', '> ', '- ', '1. ', '  ', '```', '~~~', '$ ', '\\', '*', '['],
    hostile: [
      ...generic(),
      repeated('block quotes', '> ', 'mlserver build\n'),
      repeated('list markers', '1. ', 'mlserver build\n'),
      repeated('quoted lists', '> - ', 'mlserver build\n'),
      repeated('fences', '```\n', 'mlserver build\n'),
      repeated('fences in lists', '- ```sh\n', 'mlserver build\n'),
      repeated('indented items', '- a\n  ', 'mlserver build\n'),
      repeated('prompts', '$ mlserver build . \\\n', '```console\n'),
    ],
  },
  {
    name: 'build script',
    input: single('build.sh'),
    benign: size =>
      grown(
        size,
        i =>
          `cd models/m${i}\nmlserver build . -t acme/m${i}:$TAG\ndocker tag acme/m${i}:$TAG reg/m${i}\ncd ../..\n`,
        '#!/bin/sh\nset -e\nTAG=1.0\n',
      ),
    prefixes: [
      'bentoml containerize ',
      'mlserver build ',
      'mlflow models build-docker ',
    ],
    tokens: ['-t ', '$A', '${', 'cd a\n', 'docker tag a b\n', '"', '/'],
    hostile: [
      ...generic(),
      repeated('image tags', '-t a ', 'bentoml containerize '),
      repeated('cd into folders', 'cd a\n', 'mlserver build .\n'),
      repeated(
        'docker tags',
        'docker tag a b\n',
        'mlflow models build-docker -n a\n',
      ),
      repeated('variables in a tag', '${A:-', 'mlserver build . -t '),
    ],
  },
  {
    name: 'GitHub workflow',
    input: text => ({
      files: [file('app.py', 'x = 1\n')],
      repository: {
        scope: 'svc',
        files: [file('.github/workflows/ci.yml', text)],
      },
    }),
    benign: size =>
      grown(
        size,
        i => `      - "svc/module${i}/**"\n`,
        'on:\n  push:\n    paths:\n',
      ),
    prefixes: ['on:\n  push:\n    paths:\n      - "'],
    tokens: ['*', '**', 'a', '/', '!'],
    hostile: [
      repeated(
        'star paths',
        '*a',
        'on:\n  push:\n    paths:\n      - "',
        '"\n',
      ),
      repeated('many paths', '      - "**a*b"\n', 'on:\n  push:\n    paths:\n'),
    ],
  },
  {
    name: 'Jenkinsfile',
    input: single('Jenkinsfile'),
    benign: size =>
      grown(
        size,
        i =>
          `    stage('s${i}') {\n      when { branch 'main' }\n      steps { sh 'docker build -t a/s${i} .' }\n    }\n`,
        'pipeline {\n  stages {\n',
      ),
    prefixes: [
      'pipeline {\n  stages {\n',
      "pipeline { stages { stage('a') { steps { sh '",
    ],
    tokens: ['{', '}', '(', "'", '"', "'''", '/*', '//', 'sh ', '\n'],
    hostile: [
      ...generic(),
      repeated('nested blocks', 'stage { steps { ', 'pipeline { stages { '),
      repeated('unclosed comments', '/*', 'pipeline {'),
      repeated(
        'release steps',
        "sh 'docker push a'\n",
        "pipeline { stages { stage('a') { when { branch 'main' }\n steps {\n",
      ),
      repeated(
        'wrapped blocks',
        'dir(a) { ',
        "pipeline { stages { stage('a') { steps { ",
      ),
    ],
  },
];

/** A generated case: `prefix`, then `unit` (plus a newline when `lines`) repeated. */
export function combinedCase(
  prefix: string,
  unit: string,
  lines: boolean,
): HostileCase {
  const body = lines ? `${unit}\n` : unit;
  return {
    name: `${JSON.stringify(prefix)} + ${JSON.stringify(body)}…`,
    make: size => pump(size, body, prefix),
  };
}

/** Deterministic pseudo-random numbers (mulberry32), so runs are comparable. */
export function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` generated cases of a family, from its prefixes and tokens. */
export function generatedCases(
  family: AnalyzerFamily,
  count: number,
  seed: number,
): HostileCase[] {
  const next = seeded(seed);
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)];
  return Array.from({ length: count }, () => {
    const tokens = Array.from({ length: 1 + Math.floor(next() * 3) }, () =>
      pick(family.tokens),
    );
    return combinedCase(pick(family.prefixes), tokens.join(''), next() < 0.3);
  });
}

/** The fastest of `runs` analyses of a family's input around `text`, in milliseconds. */
export function analysisTime(
  family: AnalyzerFamily,
  text: string,
  runs = 3,
): number {
  const input = family.input(text);
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    analyzeRepositoryFiles(input.files, { repository: input.repository });
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return best;
}
