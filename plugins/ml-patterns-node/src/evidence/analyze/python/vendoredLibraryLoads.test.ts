import { allInOneOf as allInOne } from '../__testUtils__/allInOneOf';
import { releaseOf } from '../__testUtils__/releaseOf';
import { text } from '../__testUtils__/files';

/**
 * A speech model served by TorchServe from a copy of its library kept in
 * the repository: the library's `load_model` downloads one checkpoint and
 * restores it with `torch.load`, and its tokenizer reads vocabulary
 * folders shipped inside the package. The build runs a script that calls
 * `load_model` to pack the checkpoint into the archive. One model, with
 * its tokenizer files as companions.
 */
const files = {
  Dockerfile: text`
    FROM pytorch/torchserve:0.9.0-cpu
    COPY . .
    RUN python pack_archive.py --size small
    CMD ["torchserve", "--start", "--model-store", "store", "--models", "speech.mar"]
  `,
  'pack_archive.py': text`
    import argparse
    import shutil

    import whisper

    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="small")
    args = parser.parse_args()
    whisper.load_model(args.size, download_root="weights")
    shutil.make_archive("store/speech", "zip", ".")
  `,
  'handler.py': text`
    from ts.torch_handler.base_handler import BaseHandler

    import whisper


    class SpeechHandler(BaseHandler):
        def initialize(self, ctx):
            props = ctx.manifest["model"]
            self.model = whisper.load_model(props["size"], download_root=props["dir"])
            self.tokenizer = whisper.tokens.get_tokenizer(True)

        def inference(self, batch):
            return [whisper.decode(self.model, item) for item in batch]
  `,
  'whisper/__init__.py': text`
    import os
    import urllib.request

    import torch

    from . import tokens

    URLS = {"small": "https://example.org/ckpt/small.pt"}


    def fetch(url, root):
        target = os.path.join(root, os.path.basename(url))
        with urllib.request.urlopen(url) as source, open(target, "wb") as out:
            out.write(source.read())
        return target


    def load_model(name, download_root=None):
        path = fetch(URLS[name], download_root)
        with open(path, "rb") as fp:
            checkpoint = torch.load(fp, map_location="cpu")
        return checkpoint


    def decode(model, item):
        return model(item)
  `,
  'whisper/tokens.py': text`
    import os

    from transformers import GPT2TokenizerFast


    def build(name="gpt2"):
        path = os.path.join(os.path.dirname(__file__), "assets", name)
        return GPT2TokenizerFast.from_pretrained(path)


    def get_tokenizer(multilingual):
        return build("multilingual" if multilingual else "gpt2")
  `,
  'whisper/assets/gpt2/vocab.json': '{}',
  'whisper/assets/multilingual/vocab.json': '{}',
};

describe('a model library vendored in the repository', () => {
  it("counts its loading call and the torch.load inside it as one model, the tokenizer's folders as its companions", () => {
    const { verdict, at, notes, evidence } = allInOne(files);
    expect(verdict).toBe('pass');
    expect(at).toEqual(['Dockerfile:4', 'handler.py:9']);
    expect(notes[1]).toMatch(/loads one model: whisper.load_model/);
    expect(evidence.servingProcesses?.[0].models).toHaveLength(1);
  });

  it('reads tokenizer folders of the repository, not the hub, when the build runs the library', () => {
    const result = releaseOf(files);
    expect(result.pattern).toBe('model-in-image');
    const [dockerfile] = result.evidence.dockerfiles;
    expect(dockerfile.builtInModels).toEqual([
      {
        path: 'Dockerfile',
        line: 3,
        script: 'pack_archive.py',
        libraries: ['whisper'],
      },
    ]);
  });
});
