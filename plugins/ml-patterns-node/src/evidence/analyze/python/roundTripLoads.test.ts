import { text } from '../__testUtils__/files';
import { allInOneOf as allInOne } from '../__testUtils__/allInOneOf';

/**
 * A model fetched, changed (quantised, fine-tuned), saved to a file and
 * loaded back from that file in the server is one model: the load reads
 * what the code itself wrote.
 */
describe('a model saved and loaded back', () => {
  it('counts a hub model quantised, saved and reloaded from the handler folder as one model', () => {
    const { verdict, at, notes } = allInOne({
      'handler.py': text`
        import torch
        from transformers import AutoModelForSequenceClassification, AutoTokenizer
        from ts.torch_handler.base_handler import BaseHandler

        class SentimentHandler(BaseHandler):
            def initialize(self, context):
                self.folder = context.system_properties.get("model_dir")
                self.tokenizer = AutoTokenizer.from_pretrained("acme/sentiment-small")
                self.model = self.fetch()

            def fetch(self):
                net = AutoModelForSequenceClassification.from_pretrained("acme/sentiment-small")
                for kind in [torch.nn.Linear]:
                    net = torch.quantization.quantize_dynamic(net, {kind}, dtype=torch.qint8)
                torch.save(net, "sentiment.pt")
                net = torch.load(self.folder + "/sentiment.pt")
                return net
      `,
    });
    expect(verdict).toBe('pass');
    expect(at).toEqual(['handler.py:12']);
    expect(notes[0]).toBe(
      'handler.py (serving code) loads one model: transformers.AutoModelForSequenceClassification.from_pretrained loads acme/sentiment-small (with acme/sentiment-small)',
    );
  });
});
