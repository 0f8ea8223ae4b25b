import { text } from '../__testUtils__/files';
import { releaseOf as release } from '../__testUtils__/releaseOf';

/**
 * Serving code that runs a model runner in a child process with the model
 * it runs (`subprocess.Popen(["tagger", "--model", path])`) serves that
 * model; a Python script started with a `--model` option is another
 * program, not a model load of this one.
 */
describe('model runners started in a child process', () => {
  const tree = (command: string) => ({
    'api.py': text`
      import subprocess
      from flask import Flask, request

      app = Flask(__name__)

      @app.route("/tag", methods=["POST"])
      def tag():
          cmd = ${command}
          return subprocess.run(cmd, input=request.data, capture_output=True).stdout
    `,
  });

  it('reads the model named after --model', () => {
    const { evidence } = release(
      tree('["tagger", "--model", "models/pos.bin", "--stdin"]'),
    );
    expect(evidence.modelLoaders).toEqual([
      expect.objectContaining({
        path: 'api.py',
        line: 9,
        call: 'subprocess.run',
        target: 'models/pos.bin',
      }),
    ]);
  });

  it('is no load for a Python script given a --model option', () => {
    const { evidence } = release(
      tree('["python", "export.py", "--model", "models/pos.bin"]'),
    );
    expect(evidence.modelLoaders).toEqual([]);
  });
});
