import { text } from '../__testUtils__/files';
import { allInOneOf as allInOne } from '../__testUtils__/allInOneOf';

/**
 * Counting models by what the code does with what it loads: two
 * pipelines of different tasks are two models, a fitted preprocessing step
 * whose output only feeds another object's `predict` is that model's
 * companion, and a pickle only indexed like a mapping is data.
 */

describe('model count from how loads are used', () => {
  it('counts two pipelines of different tasks as two models, even when one is named only at run time', () => {
    const { verdict, at, notes } = allInOne({
      Dockerfile: text`
        FROM python:3.11-slim
        COPY . /srv
        WORKDIR /srv
        CMD ["python", "ui.py"]
      `,
      'ui.py': text`
        import gradio as gr
        from transformers import pipeline

        def answer(question, checkpoint):
            reader = pipeline("question-answering", model=checkpoint)
            found = reader(question=question, context="...")
            tagger = pipeline("ner", model="acme/ner-small")
            return found, tagger(found["answer"])

        demo = gr.Interface(fn=answer, inputs=["text", "text"], outputs="json")
        demo.launch()
      `,
    });
    expect(verdict).toBe('fail');
    expect(notes[0]).toBe('python ui.py loads 2 distinct models');
    expect(at).toEqual(['Dockerfile:4', 'ui.py:5', 'ui.py:7']);
  });

  it('keeps a pipeline named only at run time and a named pipeline of the same task one model', () => {
    const { verdict, at } = allInOne({
      Dockerfile: text`
        FROM python:3.11-slim
        COPY . /srv
        CMD ["python", "ui.py"]
      `,
      'ui.py': text`
        import gradio as gr
        from transformers import pipeline

        def answer(question, checkpoint):
            reader = pipeline("question-answering", model=checkpoint)
            return reader(question=question, context="...")

        default = pipeline("question-answering", model="acme/qa-small")
        demo = gr.Interface(fn=answer, inputs=["text", "text"], outputs="json")
        demo.launch()
      `,
    });
    expect(verdict).toBe('pass');
    expect(at).toEqual(['ui.py:5']);
  });
});
