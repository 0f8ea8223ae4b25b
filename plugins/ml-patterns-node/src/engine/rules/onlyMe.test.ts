import { compactEvidence } from '../../scoring/EvidenceCache';
import {
  INPUT_ANNOTATIONS,
  RULE_IDS,
} from '@ml-patterns/plugin-ml-patterns-common';
import {
  kserveWorkload,
  makeDockerfile,
  makeEntity,
  makeEvidence,
  makeInput,
  makeManifest,
  makeRelated,
  makeWorkload,
  relatedUnavailable,
  req,
  unreadable,
} from '../__testUtils__/factories';
import { runCheck, titled } from '../__testUtils__/runCheck';
import { activeWaiver, waiverAnnotation } from '../__testUtils__/waivers';
import { EvaluationInput, MlPatternsRule } from '../types';
import { automatedChecksRule } from './automatedChecks';
import { modelProvenanceRule } from './modelProvenance';
import {
  codeReviewRule,
  containerEnvironmentRule,
  dataReferenceRule,
  notNotebookOnlyRule,
  pinnedDependenciesRule,
  sourceRepositoryRule,
  teamOwnershipRule,
} from './onlyMe';

type Case = [string, EvaluationInput, string];

function table(rule: MlPatternsRule, cases: Case[]) {
  it.each(titled(cases))('%s → %s', (_name, verdict, input) => {
    const check = runCheck(rule, input);
    expect(check.verdict).toBe(verdict);
    expect(check.message).not.toBe('');
  });

  it('is waived with a reason, keeping its verdict, and not by a waiver without one', () => {
    const failing = cases.find(([, , verdict]) => verdict === 'fail');
    if (!failing) throw new Error('table needs a failing case');
    const [, input] = failing;
    const waived = runCheck(rule, {
      ...input,
      entity: makeEntity({
        owner: (input.entity.spec?.owner as string | undefined) ?? null,
        annotations: {
          ...input.entity.metadata.annotations,
          [INPUT_ANNOTATIONS.waivers]: waiverAnnotation(
            rule.id,
            'agreed with the platform team',
          ),
        },
      }),
    });
    expect(waived).toMatchObject({
      verdict: 'fail',
      waiver: activeWaiver('agreed with the platform team'),
    });

    const noReason = runCheck(rule, {
      ...input,
      entity: makeEntity({
        owner: (input.entity.spec?.owner as string | undefined) ?? null,
        annotations: {
          ...input.entity.metadata.annotations,
          [INPUT_ANNOTATIONS.waivers]: `${rule.id}:\n  approvedBy: group:default/ml-platform\n  until: 2026-12-31`,
        },
      }),
    });
    expect(noReason.waiver).toBeUndefined();
    expect(noReason.waiverProblem).toBe(
      'Waiver not applied: no reason: say why the check does not apply.',
    );
  });
}

const dataset = makeInput({ role: 'dataset' });

describe('only-me/source-repository', () => {
  table(sourceRepositoryRule, [
    ['a readable repository', makeInput(), 'pass'],
    [
      'a readable but empty location',
      makeInput({ evidence: makeEvidence({ fileCount: 0 }) }),
      'fail',
    ],
    ['no source location', makeInput({ evidence: null }), 'fail'],
    [
      'a model without source whose training repository is in the catalog',
      makeInput({
        role: 'model',
        evidence: null,
        related: makeRelated({
          codeEntities: ['component:default/ranker-training'],
        }),
      }),
      'pass',
    ],
    [
      'a repository that could not be read',
      makeInput({ evidence: unreadable }),
      'unknown',
    ],
    ['a dataset', dataset, 'not-applicable'],
  ]);

  it('gives the reason the repository could not be read', () => {
    expect(
      runCheck(sourceRepositoryRule, makeInput({ evidence: unreadable }))
        .message,
    ).toContain('repository not found');
  });

  it('points at the catalogued training code', () => {
    const check = runCheck(
      sourceRepositoryRule,
      makeInput({
        role: 'model',
        evidence: null,
        related: makeRelated({ codeEntities: ['component:default/t'] }),
      }),
    );
    expect(check.evidence).toEqual([
      {
        field: 'spec.dependsOn',
        entityRef: 'component:default/t',
        note: 'training code',
      },
    ]);
  });
});

describe('only-me/team-ownership', () => {
  const owned = (owner: string | null) =>
    makeInput({ entity: makeEntity({ owner }) });
  table(teamOwnershipRule, [
    ['a group ref', owned('group:default/ml-team'), 'pass'],
    ['a bare name (groups by default)', owned('ml-team'), 'pass'],
    ['a user', owned('user:default/alice'), 'fail'],
    ['a user in another namespace', owned('User:people/alice'), 'fail'],
    ['no owner', owned(null), 'fail'],
    ['another kind', owned('system:default/recs'), 'unknown'],
    ['a malformed ref', owned('a:b:c'), 'unknown'],
    ['a dataset', dataset, 'not-applicable'],
  ]);

  it('points at spec.owner', () => {
    expect(
      runCheck(teamOwnershipRule, owned('user:default/alice')).evidence,
    ).toEqual([{ field: 'spec.owner', note: 'user:default/alice' }]);
  });
});

describe('only-me/code-review', () => {
  table(codeReviewRule, [
    [
      'CODEOWNERS',
      makeInput({
        evidence: makeEvidence({
          codeReview: [{ path: '.github/CODEOWNERS', kind: 'CODEOWNERS' }],
        }),
      }),
      'pass',
    ],
    [
      'Prow OWNERS',
      makeInput({
        evidence: makeEvidence({
          codeReview: [{ path: 'OWNERS', kind: 'OWNERS' }],
        }),
      }),
      'pass',
    ],
    ['none', makeInput(), 'fail'],
    ['unreadable', makeInput({ evidence: unreadable }), 'unknown'],
    ['no source location', makeInput({ evidence: null }), 'unknown'],
    ['a dataset', dataset, 'not-applicable'],
  ]);
});

describe('only-me/container-environment', () => {
  table(containerEnvironmentRule, [
    [
      'a Dockerfile',
      makeInput({
        evidence: makeEvidence({ dockerfiles: [makeDockerfile()] }),
      }),
      'pass',
    ],
    [
      'a devcontainer',
      makeInput({
        evidence: makeEvidence({
          otherContainerDefinitions: [
            { path: '.devcontainer/devcontainer.json' },
          ],
        }),
      }),
      'pass',
    ],
    [
      'a devcontainer installing pinned requirements',
      makeInput({
        evidence: makeEvidence({
          otherContainerDefinitions: [{ path: '.devcontainer.json' }],
          dependencyManifests: [
            makeManifest('requirements.txt', [req('numpy', '==1.26.4', 1)]),
          ],
        }),
      }),
      'pass',
    ],
    [
      'only a devcontainer, installing unpinned requirements',
      makeInput({
        evidence: makeEvidence({
          otherContainerDefinitions: [{ path: '.devcontainer.json' }],
          dependencyManifests: [
            makeManifest('requirements.txt', [req('pandas', '>=2.0', 1)]),
          ],
        }),
      }),
      'fail',
    ],
    [
      'a Dockerfile beside a devcontainer, unpinned requirements',
      makeInput({
        evidence: makeEvidence({
          dockerfiles: [makeDockerfile()],
          otherContainerDefinitions: [
            { path: '.devcontainer/devcontainer.json' },
          ],
          dependencyManifests: [
            makeManifest('requirements.txt', [req('pandas', '>=2.0', 1)]),
          ],
        }),
      }),
      'pass',
    ],
    [
      'a KServe runtime for a storageUri',
      makeInput({ evidence: makeEvidence({ workloads: [kserveWorkload()] }) }),
      'pass',
    ],
    [
      'a workload running an image',
      makeInput({ evidence: makeEvidence({ workloads: [makeWorkload()] }) }),
      'pass',
    ],
    ['nothing', makeInput(), 'fail'],
    ['unreadable', makeInput({ evidence: unreadable }), 'unknown'],
    ['a dataset', dataset, 'not-applicable'],
  ]);
});

describe('only-me/pinned-dependencies', () => {
  const withManifests = (...manifests: ReturnType<typeof makeManifest>[]) =>
    makeInput({ evidence: makeEvidence({ dependencyManifests: manifests }) });
  table(pinnedDependenciesRule, [
    [
      'every requirement ==',
      withManifests(
        makeManifest('requirements.txt', [
          req('numpy', '==1.26.4', 1),
          req('scikit-learn', '==1.4.2', 2),
        ]),
      ),
      'pass',
    ],
    [
      '>= is not pinned',
      withManifests(
        makeManifest('requirements.txt', [
          req('numpy', '==1.26.4', 1),
          req('pandas', '>=2.0', 2),
        ]),
      ),
      'fail',
    ],
    [
      'a bare name is not pinned',
      withManifests(makeManifest('requirements.txt', [req('torch', '', 3)])),
      'fail',
    ],
    [
      'a lockfile pins an unpinned pyproject',
      makeInput({
        evidence: makeEvidence({
          dependencyManifests: [
            makeManifest(
              'pyproject.toml',
              [req('numpy', '^1.26')],
              'pyproject',
            ),
          ],
          lockfiles: [{ path: 'poetry.lock', kind: 'poetry.lock' }],
        }),
      }),
      'pass',
    ],
    [
      'a yarn.lock does not pin Python requirements',
      makeInput({
        evidence: makeEvidence({
          dependencyManifests: [
            makeManifest('requirements.txt', [req('numpy', '>=1.0', 1)]),
          ],
          lockfiles: [{ path: 'docs/yarn.lock', kind: 'yarn.lock' }],
        }),
      }),
      'fail',
    ],
    [
      'a lockfile pins only the manifests of its own project',
      makeInput({
        evidence: makeEvidence({
          dependencyManifests: [
            makeManifest(
              'pyproject.toml',
              [req('numpy', '^1.26')],
              'pyproject',
            ),
            makeManifest('services/api/requirements.txt', [
              req('scikit-learn', '>=1.0', 1),
            ]),
          ],
          lockfiles: [
            {
              path: 'poetry.lock',
              kind: 'poetry.lock',
              pins: ['pyproject.toml'],
            },
          ],
        }),
      }),
      'fail',
    ],
    [
      'a lockfile pinning every manifest',
      makeInput({
        evidence: makeEvidence({
          dependencyManifests: [
            makeManifest(
              'pyproject.toml',
              [req('numpy', '^1.26')],
              'pyproject',
            ),
          ],
          lockfiles: [
            {
              path: 'poetry.lock',
              kind: 'poetry.lock',
              pins: ['pyproject.toml'],
            },
          ],
        }),
      }),
      'pass',
    ],
    [
      'unpinned test data, samples and documentation do not count',
      withManifests(
        makeManifest('requirements.txt', [req('numpy', '==1.26.4', 1)]),
        makeManifest('tests/testdata/requirements.txt', [req('torch', '', 1)]),
        makeManifest('tests/e2e/app/requirements.txt', [req('torch', '', 1)]),
        makeManifest('examples/quickstart/requirements.txt', [
          req('torch', '', 1),
        ]),
        makeManifest('docs/requirements.txt', [req('sphinx', '>=7', 1)]),
      ),
      'pass',
    ],
    [
      'the test environment itself counts',
      withManifests(
        makeManifest('requirements.txt', [req('numpy', '==1.26.4', 1)]),
        makeManifest('tests/requirements.txt', [req('pandas', '>=2.0', 1)]),
      ),
      'fail',
    ],
    [
      'ML libraries pinned; tools and upper-bounded ranges float',
      withManifests(
        makeManifest('requirements.txt', [
          req('scikit-learn', '==1.6.1', 1),
          req('pandas', '>=1.3.0,<2.2.0', 2),
          req('numpy', '~=1.26', 3),
          req('fastapi', '', 4),
          req('dvc-s3', '>=3.0.0', 5),
          req('pytest', '>=8', 6),
        ]),
      ),
      'pass',
    ],
    [
      'ML libraries pinned by a lockfile; a service beside it floats only tools',
      makeInput({
        evidence: makeEvidence({
          dependencyManifests: [
            makeManifest('pyproject.toml', [req('torch', '^2.1')], 'pyproject'),
            makeManifest('services/api/requirements.txt', [
              req('uvicorn', '>=0.30', 1),
            ]),
          ],
          lockfiles: [
            {
              path: 'poetry.lock',
              kind: 'poetry.lock',
              pins: ['pyproject.toml'],
            },
          ],
        }),
      }),
      'pass',
    ],
    [
      'ML libraries pinned; a linter plugin of the team floats its linter and its syntax-tree library',
      withManifests(
        makeManifest('requirements.txt', [req('pandas', '==2.2.3', 1)]),
        makeManifest(
          'linters/pylint/setup.py',
          [req('pylint', '>=2.0.0', 9), req('astroid', '>=2.0.0', 10)],
          'setup-py',
        ),
      ),
      'pass',
    ],
    [
      'a library the scorer does not know floats beside pinned ML libraries',
      withManifests(
        makeManifest('requirements.txt', [
          req('torch', '==2.1.0', 1),
          req('easy-translator', '', 2),
        ]),
      ),
      'fail',
    ],
    [
      'only tools float, but no ML library is pinned',
      withManifests(
        makeManifest('requirements.txt', [
          req('fastapi', '>=0.110', 1),
          req('requests', '==2.31.0', 2),
        ]),
      ),
      'fail',
    ],
    [
      'an ML library held only from below floats',
      withManifests(
        makeManifest('requirements.txt', [
          req('torch', '==2.1.0', 1),
          req('transformers', '>=4.30', 2),
        ]),
      ),
      'fail',
    ],
    ['no manifest at all', makeInput(), 'fail'],
    [
      'manifests without requirements',
      withManifests(makeManifest('requirements.txt', [])),
      'fail',
    ],
    ['unreadable', makeInput({ evidence: unreadable }), 'unknown'],
    ['a dataset', dataset, 'not-applicable'],
  ]);

  it('points at each unpinned line', () => {
    const check = runCheck(
      pinnedDependenciesRule,
      withManifests(
        makeManifest('requirements.txt', [
          req('numpy', '==1.26.4', 1),
          req('pandas', '>=2.0', 2),
          req('torch', '', 3),
        ]),
      ),
    );
    expect(check.evidence).toEqual([
      { path: 'requirements.txt', line: 2, note: 'pandas>=2.0 is not pinned' },
      {
        path: 'requirements.txt',
        line: 3,
        note: 'torch (no version) is not pinned',
      },
    ]);
  });

  it('names the pinned ML libraries and what floats beside them', () => {
    const check = runCheck(
      pinnedDependenciesRule,
      withManifests(
        makeManifest('requirements.txt', [
          req('scikit-learn', '==1.6.1', 1),
          req('gdown', '>=5.2.0', 2),
        ]),
      ),
    );
    expect(check.verdict).toBe('pass');
    expect(check.message).toContain(
      'The ML libraries are pinned (scikit-learn)',
    );
    expect(check.evidence).toEqual([
      {
        path: 'requirements.txt',
        line: 1,
        note: 'scikit-learn==1.6.1 pinned',
      },
      { path: 'requirements.txt', line: 2, note: 'gdown>=5.2.0 not pinned' },
    ]);
  });

  it('lists the floating ML libraries first when it fails', () => {
    const check = runCheck(
      pinnedDependenciesRule,
      withManifests(
        makeManifest('requirements.txt', [
          req('easy-translator', '', 1),
          req('torch', '>=2', 2),
        ]),
      ),
    );
    expect(check.verdict).toBe('fail');
    expect(check.message).toContain('among them ML libraries (torch)');
    expect(check.evidence?.[0]).toEqual({
      path: 'requirements.txt',
      line: 2,
      note: 'torch>=2 is not pinned',
    });
  });

  it('says when there is no dependency manifest', () => {
    expect(runCheck(pinnedDependenciesRule, makeInput()).message).toContain(
      'No dependency manifest',
    );
  });
});

describe('only-me/not-notebook-only', () => {
  table(notNotebookOnlyRule, [
    [
      'code files',
      makeInput({
        role: 'repository',
        evidence: makeEvidence({
          codeFiles: ['train.py'],
          notebooks: ['eda.ipynb'],
        }),
      }),
      'pass',
    ],
    [
      'notebooks only',
      makeInput({
        role: 'repository',
        evidence: makeEvidence({ notebooks: ['train.ipynb', 'eval.ipynb'] }),
      }),
      'fail',
    ],
    ['neither', makeInput({ role: 'repository' }), 'not-applicable'],
    [
      'unreadable',
      makeInput({ role: 'repository', evidence: unreadable }),
      'unknown',
    ],
    ['a serving unit', makeInput({ role: 'serving-unit' }), 'not-applicable'],
  ]);

  it('points at the notebooks', () => {
    const check = runCheck(
      notNotebookOnlyRule,
      makeInput({
        role: 'repository',
        evidence: makeEvidence({ notebooks: ['train.ipynb'] }),
      }),
    );
    expect(check.evidence).toEqual([{ path: 'train.ipynb', note: 'notebook' }]);
  });

  it('counts every file of a large repository, also from its cached (cut) copy', () => {
    const evidence = makeEvidence({
      codeFiles: Array.from({ length: 250 }, (_, i) => `pkg/module_${i}.py`),
      notebooks: ['eda.ipynb', 'train.ipynb', 'eval.ipynb'],
    });
    const cached = compactEvidence(evidence);
    expect(cached.codeFiles.length).toBeLessThan(250);
    for (const copy of [evidence, cached]) {
      const check = runCheck(
        notNotebookOnlyRule,
        makeInput({ role: 'repository', evidence: copy }),
      );
      expect(check.message).toBe('250 code files beside 3 notebooks.');
      expect(check.evidence).toHaveLength(5);
    }
  });
});

describe('only-me/data-reference', () => {
  const model = (options: Parameters<typeof makeInput>[0] = {}) =>
    makeInput({ role: 'model', evidence: null, ...options });
  table(dataReferenceRule, [
    [
      'a dataset dependency',
      model({
        related: makeRelated({ datasets: ['resource:default/clicks-2024'] }),
      }),
      'pass',
    ],
    [
      'the dataset annotation',
      model({
        entity: makeEntity({
          annotations: { [INPUT_ANNOTATIONS.dataset]: 's3://acme/clicks' },
        }),
      }),
      'pass',
    ],
    [
      'a DVC file in the repository',
      model({
        evidence: makeEvidence({
          dataReferences: [{ path: 'data/train.csv.dvc', note: 'DVC' }],
        }),
      }),
      'pass',
    ],
    ['nothing, even without a repository', model(), 'fail'],
    [
      'nothing in a readable repository',
      model({ evidence: makeEvidence() }),
      'fail',
    ],
    [
      'catalog relations unavailable',
      model({ related: relatedUnavailable }),
      'unknown',
    ],
    ['repository unreadable', model({ evidence: unreadable }), 'unknown'],
    ['a serving unit', makeInput(), 'not-applicable'],
  ]);
});

describe('only-me/automated-checks', () => {
  table(automatedChecksRule, [
    [
      'GitHub Actions',
      makeInput({
        evidence: makeEvidence({
          ci: [{ path: '.github/workflows/ci.yml', kind: 'github-actions' }],
        }),
      }),
      'pass',
    ],
    ['none', makeInput(), 'fail'],
    ['unreadable', makeInput({ evidence: unreadable }), 'unknown'],
    ['a dataset', dataset, 'not-applicable'],
  ]);

  it('fails when the only CI checks nothing about a change, saying what it does', () => {
    const check = runCheck(
      automatedChecksRule,
      makeInput({
        evidence: makeEvidence({
          ci: [
            {
              path: '.github/workflows/site.yml',
              line: 18,
              kind: 'github-actions',
              doesNotCheck:
                'only builds or publishes the documentation (mkdocs gh-deploy)',
            },
          ],
        }),
      }),
    );
    expect(check.verdict).toBe('fail');
    expect(check.message).toContain(
      '.github/workflows/site.yml:18 only builds or publishes the documentation (mkdocs gh-deploy)',
    );
    expect(check.evidence).toEqual([
      expect.objectContaining({ path: '.github/workflows/site.yml', line: 18 }),
    ]);
  });

  it('passes on the CI that checks changes, beside one that does not', () => {
    const check = runCheck(
      automatedChecksRule,
      makeInput({
        evidence: makeEvidence({
          ci: [
            {
              path: '.github/workflows/stale.yml',
              line: 9,
              kind: 'github-actions',
              doesNotCheck:
                'only tends issues and pull requests (actions/stale)',
            },
            { path: '.github/workflows/tests.yml', kind: 'github-actions' },
          ],
        }),
      }),
    );
    expect(check.verdict).toBe('pass');
    expect(check.evidence.map(e => e.path)).toEqual([
      '.github/workflows/tests.yml',
    ]);
  });
});

describe('model-provenance', () => {
  const shipped = { models: ['models/net.onnx'] };

  it('fails naming the model when the repository holds no training code or data', () => {
    const result = runCheck(
      modelProvenanceRule,
      makeInput({ evidence: makeEvidence({ modelTraining: shipped }) }),
    );
    expect(result.verdict).toBe('fail');
    expect(result.evidence).toEqual([
      {
        path: 'models/net.onnx',
        note: 'trained model; no training code or data found',
      },
    ]);
  });

  it('passes at the training code', () => {
    const result = runCheck(
      modelProvenanceRule,
      makeInput({
        evidence: makeEvidence({
          modelTraining: {
            ...shipped,
            trainedAt: { path: 'train.py', line: 12, note: 'trains a model' },
          },
        }),
      }),
    );
    expect(result.verdict).toBe('pass');
    expect(result.evidence).toEqual([
      { path: 'train.py', line: 12, note: 'trains a model' },
    ]);
  });

  it('passes when the dataset is declared in the catalog', () => {
    const result = runCheck(
      modelProvenanceRule,
      makeInput({
        entity: makeEntity({
          annotations: { [INPUT_ANNOTATIONS.dataset]: 's3://bucket/train' },
        }),
        evidence: makeEvidence({ modelTraining: shipped }),
      }),
    );
    expect(result.verdict).toBe('pass');
  });

  it('does not judge evidence without committed models, and is unknown without a readable repository', () => {
    expect(
      runCheck(modelProvenanceRule, makeInput({ evidence: makeEvidence() }))
        .verdict,
    ).toBe('not-applicable');
    expect(
      runCheck(modelProvenanceRule, makeInput({ evidence: unreadable }))
        .verdict,
    ).toBe('unknown');
  });
});

it('has tests for every Only-me rule', () => {
  const tested = [
    sourceRepositoryRule,
    teamOwnershipRule,
    codeReviewRule,
    containerEnvironmentRule,
    pinnedDependenciesRule,
    notNotebookOnlyRule,
    dataReferenceRule,
    automatedChecksRule,
    modelProvenanceRule,
  ].map(rule => rule.id);
  expect(tested.sort()).toEqual(
    Object.values(RULE_IDS)
      .filter(id => id.startsWith('only-me/'))
      .sort(),
  );
});
