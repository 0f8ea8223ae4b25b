import { text } from '../__testUtils__/files';
import { allInOneOf as allInOne } from '../__testUtils__/allInOneOf';

/**
 * An Ollama image holds the models its build pulls: an embedder and a
 * chat model pulled into one image are two models one server answers for.
 */
describe('models pulled into an Ollama server', () => {
  it('counts two models when the build pulls an embedder and a chat model', () => {
    const { verdict, at, notes } = allInOne({
      'llm.Dockerfile': text`
        FROM ollama/ollama:0.5.0
        RUN <<EOF
        ollama serve &
        pid=$!
        sleep 3
        ollama pull acme-embed
        ollama pull acme-chat:1b
        kill $pid
        EOF
      `,
    });
    expect(verdict).toBe('fail');
    expect(at).toEqual([
      'llm.Dockerfile:1',
      'llm.Dockerfile:6',
      'llm.Dockerfile:7',
    ]);
    expect(notes[0]).toBe(
      'the Ollama server of llm.Dockerfile:1 hosts 2 models (deliberate multi-model serving can be waived)',
    );
  });

  it('counts one model pulled twice as one', () => {
    const { verdict, at } = allInOne({
      Dockerfile: text`
        FROM ubuntu:22.04
        RUN curl -fsSL https://ollama.com/install.sh | sh
        RUN ollama serve & sleep 3 && ollama pull acme-chat:1b
        COPY start.sh /start.sh
        CMD ["/start.sh"]
      `,
      'start.sh': text`
        #!/bin/sh
        ollama serve &
        sleep 3
        ollama pull acme-chat:1b
        wait
      `,
    });
    expect(verdict).toBe('pass');
    expect(at).toEqual(['Dockerfile:3']);
  });
});
