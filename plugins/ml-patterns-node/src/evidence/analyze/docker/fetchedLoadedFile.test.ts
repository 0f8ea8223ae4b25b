import { text } from '../__testUtils__/files';
import { releaseOf } from '../__testUtils__/releaseOf';

/**
 * A build step downloading an archive named like the model file the
 * server loads puts the model in the image, whatever its URL or script is
 * called.
 */

const tree = (load: string) => ({
  Dockerfile: text`
    FROM python:3.11-slim
    WORKDIR /app
    COPY . /app
    RUN pip install -r requirements.txt
    RUN cd /app/tools && ./get_assets.sh
    CMD ["streamlit", "run", "app.py"]
  `,
  'requirements.txt': 'gensim==4.3.3\nstreamlit==1.38.0\n',
  'tools/get_assets.sh': text`
    #!/bin/bash
    cd ../data
    wget https://files.example.org/vectors/arabic_cbow_300.zip
    unzip arabic_cbow_300.zip
  `,
  'app.py': text`
    import gensim
    import streamlit as st

    vectors = gensim.models.Word2Vec.load("${load}")
    st.write(vectors.wv.most_similar("x"))
  `,
});

describe('a build-time download named like the file the server loads', () => {
  it('is the model fetched into the image', () => {
    const result = releaseOf(tree('data/arabic_cbow_300.mdl'));
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([
      'Dockerfile:5 model into image (download-in-build): wget https://files.example.org/vectors/arabic_cbow_300.zip, named like a file the server loads (tools/get_assets.sh:3)',
    ]);
    expect(result.atStart).toEqual([]);
  });

  it('is nothing when the server loads another file', () => {
    const result = releaseOf(tree('data/english_skipgram.mdl'));
    expect(result.inImage).toEqual([]);
  });
});
