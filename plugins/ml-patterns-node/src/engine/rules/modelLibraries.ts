import { RequirementFacts } from '../../evidence/types';

/**
 * Libraries whose version decides what a trained model computes or whether
 * its file can be read back: the ML frameworks, model libraries and the
 * numeric stack under them. Another version of one of these can change a
 * prediction or fail to load a model; another version of a web framework,
 * a CLI helper or a data-versioning tool cannot.
 */
const MODEL_LIBRARIES = new Set([
  'accelerate',
  'catboost',
  'ctranslate2',
  'datasets',
  'diffusers',
  'fastai',
  'flax',
  'gensim',
  'jax',
  'jaxlib',
  'keras',
  'lightgbm',
  'mxnet',
  'nltk',
  'numpy',
  'onnx',
  'onnxruntime',
  'onnxruntime-gpu',
  'opencv-python',
  'opencv-python-headless',
  'paddlepaddle',
  'pandas',
  'peft',
  'pytorch-lightning',
  'lightning',
  'scikit-learn',
  'scipy',
  'sentence-transformers',
  'sentencepiece',
  'spacy',
  'statsmodels',
  'tensorflow',
  'tensorflow-cpu',
  'tensorflow-gpu',
  'tf-keras',
  'timm',
  'tokenizers',
  'torch',
  'torchaudio',
  'torchvision',
  'transformers',
  'ultralytics',
  'xgboost',
]);

/**
 * Tools around the model rather than under it: web serving, configuration
 * and command lines, logging, tests, linters and documentation builders,
 * notebooks, plots, profiling, data versioning and cloud storage clients. Their version
 * changes how the work is run or checked, not what a model predicts.
 */
const HELPER_LIBRARIES = new Set([
  'aiohttp',
  'astroid',
  'autopep8',
  'bandit',
  'black',
  'boto3',
  'botocore',
  'build',
  'bump2version',
  'certifi',
  'click',
  'colorama',
  'coverage',
  'dvc',
  'fastapi',
  'flake8',
  'flask',
  'gcsfs',
  'gdown',
  'google-cloud-storage',
  'gunicorn',
  'httpx',
  'ipykernel',
  'ipython',
  'ipywidgets',
  'isort',
  'jinja2',
  'jupyter',
  'jupyterlab',
  'line-profiler',
  'loguru',
  'matplotlib',
  'memory-profiler',
  'mypy',
  'notebook',
  'nox',
  'pip',
  'plotly',
  'pre-commit',
  'psutil',
  'pycodestyle',
  'pydantic',
  'pydantic-settings',
  'pydantic-yaml',
  'pydocstyle',
  'pyflakes',
  'pylint',
  'pytest',
  'python-dotenv',
  'python-multipart',
  'pyyaml',
  'requests',
  'rich',
  'ruff',
  's3fs',
  'seaborn',
  'setuptools',
  'sphinx',
  'starlette',
  'tox',
  'tqdm',
  'twine',
  'typer',
  'urllib3',
  'uvicorn',
  'werkzeug',
  'wheel',
  'yapf',
]);

/** Families of helpers: plugins of a tool (`pytest-cov`, `dvc-s3`, `flake8-bugbear`). */
const HELPER_FAMILIES = [
  'dvc-',
  'flake8-',
  'mkdocs',
  'pylint-',
  'pytest-',
  'sphinx-',
  'types-',
];

/** A name already in its normal form: lower case, words joined by single hyphens. */
const NORMAL_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * A library's name as indexes compare it (PEP 503): lower case, runs of
 * `-`, `_` and `.` as one hyphen. Most names are written that way already,
 * and are returned as they are.
 */
export function normalizedName(name: string): string {
  return NORMAL_NAME.test(name)
    ? name
    : name.toLocaleLowerCase('en-US').replace(/[-_.]+/g, '-');
}

/** Whether the requirement names a library that decides the model's results. */
export function isModelLibrary(requirement: RequirementFacts): boolean {
  return MODEL_LIBRARIES.has(normalizedName(requirement.name));
}

/** Whether the requirement names a tool around the model (see HELPER_LIBRARIES). */
export function isHelperLibrary(requirement: RequirementFacts): boolean {
  const name = normalizedName(requirement.name);
  return (
    HELPER_LIBRARIES.has(name) ||
    HELPER_FAMILIES.some(family => name.startsWith(family))
  );
}

/**
 * A range with an upper bound (`>=1.24,<1.27`, `~=2.1`, `<2`) keeps a
 * rebuild within the versions the authors allowed; an open range (`>=1.0`)
 * or a bare name takes whatever is newest.
 */
export function isBoundedRange(requirement: RequirementFacts): boolean {
  const specifier = requirement.specifier;
  return (
    specifier.startsWith('~=') ||
    specifier.startsWith('^') ||
    /(^|[,\s|])<=?\s*\d/.test(specifier) ||
    /^==?\s*\d[\d.]*\.\*$/.test(specifier)
  );
}
