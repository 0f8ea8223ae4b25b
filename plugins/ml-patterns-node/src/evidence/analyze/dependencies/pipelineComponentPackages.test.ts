import { pinnedDependenciesRule } from '../../../engine/rules/onlyMe';
import {
  makeEvidence,
  makeInput,
} from '../../../engine/__testUtils__/factories';
import { runCheck } from '../../../engine/__testUtils__/runCheck';
import { analyzeRepositoryFiles } from '../index';
import { repo, text } from '../__testUtils__/files';

/** The pinned-dependencies verdict of a repository, with its evidence as `path:line note`. */
function pinnedOf(files: Record<string, string>) {
  const evidence = analyzeRepositoryFiles(repo(files));
  const check = runCheck(
    pinnedDependenciesRule,
    makeInput({ role: 'repository', evidence: makeEvidence(evidence) }),
  );
  return {
    evidence,
    verdict: check.verdict,
    items: check.evidence.map(e =>
      'path' in e ? `${e.path}:${e.line} ${e.note}` : e.note,
    ),
  };
}

/** A Pipenv project pinning the client that compiles and submits the pipeline. */
const pinnedClient = {
  Pipfile: text`
    [packages]
    kfp = "*"
    scikit-learn = "*"
  `,
  'Pipfile.lock': '{"default": {"kfp": {"version": "==2.7.0"}}}\n',
};

describe('Kubeflow Pipelines components installing packages at run time', () => {
  it('fails on bare packages of a kfp v2 component, though a lockfile pins the client', () => {
    const result = pinnedOf({
      ...pinnedClient,
      'pipelines/training.py': text`
        import os

        from kfp import dsl

        IMAGE = os.getenv("IMAGE", "python:3.11")


        @dsl.component(
            base_image=IMAGE,
            packages_to_install=["pandas", "scikit-learn"],
        )
        def train(data: dsl.Input[dsl.Dataset], model: dsl.Output[dsl.Model]):
            from sklearn.linear_model import LogisticRegression


        @dsl.pipeline(name="training")
        def training():
            train()
      `,
    });
    expect(result.verdict).toBe('fail');
    expect(result.items).toEqual([
      'pipelines/training.py:10 pandas (no version) is not pinned (a pipeline component installs it when it runs)',
      'pipelines/training.py:10 scikit-learn (no version) is not pinned (a pipeline component installs it when it runs)',
    ]);
    expect(
      result.evidence.dependencyManifests.find(
        m => m.kind === 'pipeline-component',
      )?.line,
    ).toBe(8);
  });

  it('passes on exact pins of kfp v1 components, read through a module-level list and +', () => {
    const result = pinnedOf({
      ...pinnedClient,
      'components/evaluate.py': text`
        import kfp.components as comp

        BASE_PACKAGES = ["pandas==2.2.2", "numpy==1.26.4"]


        def evaluate(model_path: str) -> float:
            return 0.0


        evaluate_op = comp.create_component_from_func(
            evaluate,
            base_image="python:3.11-slim",
            packages_to_install=BASE_PACKAGES + ["scikit-learn==1.4.2"],
        )
      `,
    });
    expect(result.verdict).toBe('pass');
    const manifest = result.evidence.dependencyManifests.find(
      m => m.kind === 'pipeline-component',
    );
    expect(manifest).toMatchObject({
      path: 'components/evaluate.py',
      line: 10,
      requirements: [
        { name: 'pandas', specifier: '==2.2.2', pinned: true, line: 3 },
        { name: 'numpy', specifier: '==1.26.4', pinned: true, line: 3 },
        { name: 'scikit-learn', specifier: '==1.4.2', pinned: true, line: 13 },
      ],
    });
  });

  it('reads a component decorator imported by name, with a range that is not a pin', () => {
    const result = pinnedOf({
      'requirements.txt': 'kfp==2.7.0\n',
      'pipeline.py': text`
        from kfp.dsl import component


        @component(packages_to_install=["torch>=2.0", "requests"])
        def fine_tune():
            import torch
      `,
    });
    expect(result.verdict).toBe('fail');
    expect(result.items).toContain(
      'pipeline.py:4 torch>=2.0 is not pinned (a pipeline component installs it when it runs)',
    );
  });

  it('reads a kfp v1 component made by functools.partial as a decorator', () => {
    const result = pinnedOf({
      'requirements.txt': 'kfp==1.8.22\n',
      'pipeline/steps.py': text`
        from functools import partial

        from kfp.components import create_component_from_func


        @partial(
            create_component_from_func,
            packages_to_install=["xgboost"],
        )
        def train_xgboost(data_path: str) -> str:
            import xgboost
      `,
    });
    expect(result.verdict).toBe('fail');
    expect(result.items).toEqual([
      'pipeline/steps.py:8 xgboost (no version) is not pinned (a pipeline component installs it when it runs)',
    ]);
  });

  it('reads nothing from a package list computed when the pipeline is compiled', () => {
    const result = pinnedOf({
      'pyproject.toml': text`
        [project]
        name = "pipeline"
        dependencies = ["kfp>=2.7"]
      `,
      'uv.lock': 'version = 1\n',
      'components.py': text`
        from kfp import dsl

        from locked import exported_group


        @dsl.component(packages_to_install=exported_group("train"))
        def train():
            pass
      `,
    });
    expect(result.evidence.dependencyManifests.map(m => m.kind)).toEqual([
      'pyproject',
    ]);
    expect(result.verdict).toBe('pass');
  });

  it('reads no packages from a function of another library taking the same keyword', () => {
    const result = pinnedOf({
      'requirements.txt': 'scikit-learn==1.4.2\n',
      'deploy.py': text`
        from ourtools import make_job

        job = make_job("train.py", packages_to_install=["scikit-learn"])
      `,
    });
    expect(result.evidence.dependencyManifests.map(m => m.kind)).toEqual([
      'requirements',
    ]);
    expect(result.verdict).toBe('pass');
  });
});
