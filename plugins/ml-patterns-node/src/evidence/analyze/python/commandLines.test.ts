import { commandTargets } from './commandLines';

describe('commandTargets', () => {
  it.each([
    [
      'uvicorn app.main:app --host 0.0.0.0 --port 8000',
      { kind: 'module', module: 'app.main', launcher: 'uvicorn' },
    ],
    [
      'gunicorn -k uvicorn.workers.UvicornWorker -b 0.0.0.0:80 "wsgi:create_app()"',
      { kind: 'module', module: 'wsgi', launcher: 'gunicorn' },
    ],
    [
      'uv run --no-sync gunicorn --chdir src api:app',
      { kind: 'module', module: 'api', launcher: 'gunicorn', folder: 'src' },
    ],
    [
      'exec python -u -m serving',
      { kind: 'module', module: 'serving', launcher: 'python' },
    ],
    [
      'python3 src/server.py --port 80',
      { kind: 'script', script: 'src/server.py', launcher: 'python' },
    ],
    [
      'python -m uvicorn main:app',
      { kind: 'module', module: 'main', launcher: 'uvicorn' },
    ],
    [
      'flask --app api.wsgi run --host 0.0.0.0',
      { kind: 'module', module: 'api.wsgi', launcher: 'flask' },
    ],
    [
      'streamlit run ui/app.py --server.port 8501',
      { kind: 'script', script: 'ui/app.py', launcher: 'streamlit' },
    ],
    [
      'bentoml serve service:svc --production',
      {
        kind: 'module',
        module: 'service',
        launcher: 'bentoml',
        service: 'svc',
      },
    ],
    [
      'bentoml serve src/services.py:$BENTO_SERVICE',
      {
        kind: 'script',
        script: 'src/services.py',
        launcher: 'bentoml',
        service: '$BENTO_SERVICE',
      },
    ],
    ['bentoml serve .', { kind: 'bentofile', launcher: 'bentoml' }],
    [
      'serve run deploy:app',
      { kind: 'module', module: 'deploy', launcher: 'serve' },
    ],
    [
      'celery -A worker.tasks worker --loglevel=info',
      { kind: 'module', module: 'worker.tasks', launcher: 'celery' },
    ],
    [
      'conda run --no-capture-output -n serve python app.py',
      { kind: 'script', script: 'app.py', launcher: 'python' },
    ],
    ['./entrypoint.sh', { kind: 'shell-script', script: './entrypoint.sh' }],
    [
      'torchserve --start --models all --ncs',
      { kind: 'other-server', launcher: 'torchserve' },
    ],
  ])('%s', (line, target) => {
    expect(commandTargets(line)).toEqual([target]);
  });

  it('reads every command of a line, and the one inside sh -c', () => {
    expect(
      commandTargets(
        'python fetch_weights.py && sh -c "exec hypercorn serve:app --bind :80"',
      ),
    ).toEqual([
      { kind: 'script', script: 'fetch_weights.py', launcher: 'python' },
      { kind: 'module', module: 'serve', launcher: 'hypercorn' },
    ]);
  });

  it('names a program the project may install as a console script', () => {
    expect(commandTargets('exec serve-ranker --port 80')).toEqual([
      { kind: 'console-script', name: 'serve-ranker' },
    ]);
  });

  it("takes gunicorn's module alone, skipping option values", () => {
    expect(
      commandTargets(
        'gunicorn -b 0.0.0.0:$PORT svc.app --preload --timeout 30 -w 3',
      ),
    ).toEqual([{ kind: 'module', module: 'svc.app', launcher: 'gunicorn' }]);
  });

  it('runs background subshells but not command substitutions', () => {
    expect(
      commandTargets(
        'eval $(python print_env.py "$@") && (python listener.py &) && gunicorn web:app',
      ),
    ).toEqual([
      { kind: 'script', script: 'listener.py', launcher: 'python' },
      { kind: 'module', module: 'web', launcher: 'gunicorn' },
    ]);
  });

  it('takes the Flask app from FLASK_APP set on the line or in the environment', () => {
    expect(commandTargets('FLASK_APP=server.py flask run')).toEqual([
      { kind: 'script', script: 'server.py', launcher: 'flask' },
    ]);
    expect(
      commandTargets('flask run', new Map([['FLASK_APP', 'web']])),
    ).toEqual([{ kind: 'module', module: 'web', launcher: 'flask' }]);
  });

  it('reads inline code and ignores what starts nothing it knows', () => {
    expect(
      commandTargets(
        `python -c "from transformers import AutoModel; AutoModel.from_pretrained('x')"`,
      ),
    ).toEqual([
      {
        kind: 'inline',
        code: "from transformers import AutoModel; AutoModel.from_pretrained('x')",
      },
    ]);
    expect(commandTargets('echo ready; sleep 5 # comment')).toEqual([]);
    expect(commandTargets('&& ;; |')).toEqual([]);
  });
});
