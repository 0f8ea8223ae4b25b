import { commandFetchesModel } from './modelFetch';
import { commandsOfArgv, parseShellScript } from './shellScript';

const summary = (text: string, options = {}) =>
  parseShellScript(text, options).commands.map(c => ({
    line: c.line,
    words: c.words,
  }));

describe('parseShellScript', () => {
  it('splits lists, pipelines and lines, with the line each command starts on', () => {
    expect(
      summary(
        [
          '#!/bin/bash',
          'set -e  # stop on errors',
          'aws s3 cp "$MODEL_URI" /models/model.pkl && echo done; ls /models | wc -l',
          'exec uvicorn app:app --port 8080',
        ].join('\n'),
      ),
    ).toEqual([
      { line: 2, words: ['set', '-e'] },
      {
        line: 3,
        words: ['aws', 's3', 'cp', '$MODEL_URI', '/models/model.pkl'],
      },
      { line: 3, words: ['echo', 'done'] },
      { line: 3, words: ['ls', '/models'] },
      { line: 3, words: ['wc', '-l'] },
      { line: 4, words: ['uvicorn', 'app:app', '--port', '8080'] },
    ]);
  });

  it('joins backslash continuations and keeps the starting line', () => {
    const script = parseShellScript(
      [
        'torch-model-archiver \\',
        '  --model-name=ViT \\',
        '  --export-path=/store',
        'torchserve --start',
      ].join('\n'),
      { firstLine: 10 },
    );
    expect(
      script.commands.map(c => [c.line, c.words[0], c.words.length]),
    ).toEqual([
      [10, 'torch-model-archiver', 3],
      [13, 'torchserve', 2],
    ]);
  });

  it('drops comment lines inside a Dockerfile continuation, as Docker does', () => {
    const commands = parseShellScript(
      [
        'pip install a \\',
        '  # the model',
        '  && wget https://x/model.onnx',
      ].join('\n'),
      { dockerfile: true },
    ).commands;
    expect(commands.map(c => c.words)).toEqual([
      ['pip', 'install', 'a'],
      ['wget', 'https://x/model.onnx'],
    ]);
  });

  it('keeps expansions whole, defaults and all, and parses substitutions as commands', () => {
    const commands = parseShellScript(
      'HF_TOKEN=$(cat /run/secrets/token) python3 -m server --model ${MODEL_NAME:-org/model} ${REVISION:+--revision "$REVISION"}',
    ).commands;
    expect(commands.map(c => c.words)).toEqual([
      ['cat', '/run/secrets/token'],
      [
        'python3',
        '-m',
        'server',
        '--model',
        '${MODEL_NAME:-org/model}',
        '${REVISION:+--revision "$REVISION"}',
      ],
    ]);
    expect(commands[0].substitution).toBe(true);
    expect(commands[1].assignments).toEqual([
      { name: 'HF_TOKEN', value: '$(cat /run/secrets/token)' },
    ]);
  });

  it('reads for loops, xargs and background jobs', () => {
    const commands = parseShellScript(
      [
        'torchserve --start --model-store /store &',
        'for f in /store/*.mar; do',
        '  curl -X POST "http://localhost:8081/models?url=$f"',
        'done',
        'ls /store | xargs -I {} curl -X POST http://localhost:8081/models?url={}',
      ].join('\n'),
    ).commands;
    expect(commands[0].background).toBe(true);
    expect(commands[1].loops).toEqual([
      { variable: 'f', items: ['/store/*.mar'], line: 2 },
    ]);
    expect(commands[1].words[3]).toBe('http://localhost:8081/models?url=$f');
    expect(commands[3].words[0]).toBe('curl');
    expect(commands[3].xargs).toEqual({ replace: '{}' });
    expect(commands[3].pipedFrom?.words).toEqual(['ls', '/store']);
    expect(commands[3].loops).toEqual([]);
  });

  it('follows sh -c strings and unwraps exec, env and gosu', () => {
    const commands = parseShellScript(
      `exec gosu app env A=1 sh -c 'gsutil cp gs://b/model.joblib /m && python serve.py'`,
    ).commands;
    expect(commands.map(c => c.words[0])).toEqual(['gsutil', 'python']);
    expect(commands.every(c => c.exec)).toBe(true);
  });

  it('skips here-document bodies, case patterns, function headers and block words', () => {
    const commands = parseShellScript(
      [
        'cat > /etc/conf <<EOF',
        'wget https://not/a/command.onnx',
        'EOF',
        'start() {',
        '  if [ -n "$X" ]; then',
        '    (cd /app && make)',
        '  fi',
        '}',
        'case "$1" in',
        '  serve) start ;;',
        'esac',
      ].join('\n'),
    ).commands;
    expect(commands.map(c => c.words[0])).toEqual([
      'cat',
      '[',
      'cd',
      'make',
      'start',
    ]);
  });

  it('never throws on malformed input', () => {
    for (const text of [
      'echo "unterminated',
      '${',
      '$(',
      'a ) b ( c',
      "'",
      '\\',
    ]) {
      expect(() => parseShellScript(text)).not.toThrow();
    }
  });
});

describe('commandsOfArgv', () => {
  it('reads an exec-form sh -c as a script and plain argv as one command', () => {
    expect(
      commandsOfArgv(
        ['/bin/sh', '-c', 'curl -o m.pt $URL; exec python app.py'],
        7,
      ).commands.map(c => [c.line, c.words[0]]),
    ).toEqual([
      [7, 'curl'],
      [7, 'python'],
    ]);
    expect(
      commandsOfArgv(
        ['tini', '--', 'tritonserver', '--model-repository=/models'],
        3,
      ).commands[0].words,
    ).toEqual(['tritonserver', '--model-repository=/models']);
  });
});

describe('commandFetchesModel', () => {
  const fetchOf = (line: string) =>
    commandFetchesModel(parseShellScript(line).commands[0]);

  it('reads what a fetch writes and the hub ids it names', () => {
    expect(
      fetchOf(
        'curl -fsSL https://example.org/weights/ranker.onnx -o /models/ranker.onnx',
      ),
    ).toEqual({
      description: 'curl of a model',
      destinations: ['/models/ranker.onnx'],
      hubIds: [],
    });
    expect(
      fetchOf('huggingface-cli download acme/encoder --local-dir /opt/encoder'),
    ).toEqual({
      description: 'huggingface-cli download',
      destinations: ['/opt/encoder'],
      hubIds: ['acme/encoder'],
    });
  });

  it('does not take a request to a server in the same container for a download', () => {
    expect(
      fetchOf('curl -sf http://localhost:8501/v1/models/ranker'),
    ).toBeUndefined();
    expect(fetchOf('wget -qO- 127.0.0.1:8080/models/ready')).toBeUndefined();
  });
});
