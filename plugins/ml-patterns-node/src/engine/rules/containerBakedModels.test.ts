import { text } from '../../evidence/analyze/__testUtils__/files';
import { allInOneOf as allInOne } from '../../evidence/analyze/__testUtils__/allInOneOf';

/** A base image's server, configured by variables, with the models the Dockerfile bakes in. */
const dockerfile = text`
  FROM ghcr.io/acme/memory-api:slim
  ARG EMBEDDER=sentence-transformers/all-MiniLM-L6-v2
  ARG RERANKER=cross-encoder/ms-marco-MiniLM-L-6-v2
  RUN python -c "\\
  from sentence_transformers import SentenceTransformer, CrossEncoder; \\
  SentenceTransformer('\${EMBEDDER}'); \\
  CrossEncoder('\${RERANKER}')"
`;

describe('a container pointed at several models its image bakes in', () => {
  it('counts an embedder and a reranker the compose service names by variables as two models of one container', () => {
    const { verdict, at, notes } = allInOne({
      Dockerfile: dockerfile,
      'docker-compose.yaml': text`
        services:
          api:
            build: .
            environment:
              LLM_PROVIDER: openai
              EMBEDDINGS_PROVIDER: local
              EMBEDDINGS_LOCAL_MODEL: sentence-transformers/all-MiniLM-L6-v2
              RERANKER_PROVIDER: local
              RERANKER_LOCAL_MODEL: cross-encoder/ms-marco-MiniLM-L-6-v2
      `,
    });
    expect(verdict).toBe('fail');
    expect(at).toEqual([
      'docker-compose.yaml:2',
      'docker-compose.yaml:7',
      'docker-compose.yaml:9',
    ]);
    expect(notes[2]).toBe(
      'env RERANKER_LOCAL_MODEL=cross-encoder/ms-marco-MiniLM-L-6-v2 (fetched at Dockerfile:4)',
    );
  });

  it('does not count a model and the tokenizer or base-model variable beside it, or one baked model the container names', () => {
    const tokenizer = allInOne({
      Dockerfile: dockerfile,
      'docker-compose.yaml': text`
        services:
          api:
            build: .
            environment:
              EMBEDDINGS_LOCAL_MODEL: sentence-transformers/all-MiniLM-L6-v2
              EMBEDDINGS_TOKENIZER: cross-encoder/ms-marco-MiniLM-L-6-v2
      `,
    });
    expect(tokenizer.verdict).not.toBe('fail');
    const base = allInOne({
      Dockerfile: dockerfile,
      'docker-compose.yaml': text`
        services:
          api:
            build: .
            environment:
              MODEL_ID: sentence-transformers/all-MiniLM-L6-v2
              BASE_MODEL_ID: cross-encoder/ms-marco-MiniLM-L-6-v2
      `,
    });
    expect(base.verdict).not.toBe('fail');
    const one = allInOne({
      Dockerfile: dockerfile,
      'docker-compose.yaml': text`
        services:
          api:
            build: .
            environment:
              EMBEDDINGS_LOCAL_MODEL: sentence-transformers/all-MiniLM-L6-v2
      `,
    });
    expect(one.verdict).not.toBe('fail');
  });
});
