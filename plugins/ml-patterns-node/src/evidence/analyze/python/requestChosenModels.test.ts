import { text } from '../__testUtils__/files';
import { allInOneOf as allInOne } from '../__testUtils__/allInOneOf';

/**
 * One endpoint that serves a different model family depending on what the
 * request asks for (`body.engine == "fast"` runs a voice model in a child
 * process, `"studio"` a network loaded in the process): every arm serves
 * some request, so the process serves both models. The same choice made
 * once from configuration still serves one.
 */
describe('model families chosen per request in one endpoint', () => {
  const tree = (condition: string) => ({
    Dockerfile: text`
      FROM python:3.11-slim
      WORKDIR /app
      COPY . /app
      CMD ["python", "voice_api.py"]
    `,
    'voice_api.py': text`
      import os
      import subprocess
      import uvicorn
      from fastapi import FastAPI
      from pydantic import BaseModel
      from vocalis.models import Studio

      app = FastAPI()
      ENGINE = os.getenv("ENGINE", "fast")

      class Speak(BaseModel):
          engine: str = "fast"
          text: str

      class StudioVoice:
          def __init__(self, folder):
              self.net = Studio.from_config(os.path.join(folder, "config.json"))
              self.net.load_checkpoint(checkpoint_dir=folder)

      @app.post("/speak")
      def speak(body: Speak):
          engine = body.engine
          if ${condition} == "fast":
              args = ["vocoder-cli", "--model", os.getenv("FAST_VOICE"), "--raw"]
              proc = subprocess.Popen(args, stdin=subprocess.PIPE)
              return proc.communicate(body.text.encode())[0]
          else:
              voice = StudioVoice(os.getenv("STUDIO_DIR"))
              return voice.net.synthesize(body.text)

      if __name__ == "__main__":
          uvicorn.run(app)
    `,
  });

  it('counts two models when the request picks the family', () => {
    const { verdict, at, notes } = allInOne(tree('engine'));
    expect(verdict).toBe('fail');
    expect(at).toEqual(['Dockerfile:4', 'voice_api.py:28', 'voice_api.py:25']);
    expect(notes[0]).toBe('python voice_api.py loads 2 distinct models');
  });

  it('counts one model when configuration picks the family', () => {
    const { verdict } = allInOne(tree('ENGINE'));
    expect(verdict).toBe('pass');
  });
});
