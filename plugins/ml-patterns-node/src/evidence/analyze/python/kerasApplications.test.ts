import { allInOneOf } from '../__testUtils__/allInOneOf';
import { releaseOf } from '../__testUtils__/releaseOf';

const dockerfile = [
  'FROM python:3.12-slim',
  'WORKDIR /srv',
  'COPY requirements.txt .',
  'RUN pip install -r requirements.txt',
  'COPY classify.py .',
  'CMD ["streamlit", "run", "classify.py"]',
  '',
].join('\n');

function classifier(build: string): string {
  return [
    'import streamlit as st',
    'from tensorflow.keras.applications import ResNet50',
    '',
    '@st.cache_resource',
    'def model():',
    `    return ${build}`,
    '',
    'net = model()',
    'upload = st.file_uploader("image")',
    'if upload:',
    '    st.write(net.predict(upload))',
    '',
  ].join('\n');
}

describe('Keras applications built with published weights', () => {
  it('is Model-load: weights="imagenet" are downloaded when the app first builds the network', () => {
    const result = releaseOf({
      Dockerfile: dockerfile,
      'requirements.txt': 'streamlit==1.40.0\ntensorflow==2.17.0\n',
      'classify.py': classifier('ResNet50(weights="imagenet")'),
    });
    expect(result.pattern).toBe('model-load');
    expect(result.inImage).toEqual([]);
    expect(result.atStart.join('\n')).toContain('classify.py:6');
  });

  it('is Model-load with the default weights too, and counts one model', () => {
    const files = {
      Dockerfile: dockerfile,
      'classify.py': classifier('ResNet50()'),
    };
    expect(releaseOf(files).pattern).toBe('model-load');
    const allInOne = allInOneOf(files);
    expect(allInOne.verdict).toBe('pass');
    expect(allInOne.at).toContain('classify.py:6');
  });

  it('loads no model when built untrained (weights=None)', () => {
    const result = releaseOf({
      Dockerfile: dockerfile,
      'classify.py': classifier('ResNet50(weights=None)'),
    });
    expect(result.evidence.modelLoaders).toEqual([]);
  });
});
