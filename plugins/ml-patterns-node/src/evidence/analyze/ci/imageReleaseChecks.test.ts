import { evaluateEntity } from '../../../engine/evaluateEntity';
import { builtInRules } from '../../../engine/rules';
import {
  makeEntity,
  makeEvidence,
  makeInput,
} from '../../../engine/__testUtils__/factories';
import { analyzeRepositoryFiles } from '../index';
import { repo, text } from '../__testUtils__/files';

/** The Only-me verdict of a repository and its automated-checks check, evidence as `path:line note`. */
function onlyMeOf(files: Record<string, string>) {
  const evidence = analyzeRepositoryFiles(repo(files));
  const report = evaluateEntity(
    makeInput({
      role: 'repository',
      entity: makeEntity({ owner: 'group:default/vision' }),
      evidence: makeEvidence(evidence),
    }),
    builtInRules,
  );
  const check = report.checks.find(
    c => c.ruleId === 'only-me/automated-checks',
  )!;
  return {
    onlyMe: report.antiPatterns['only-me'],
    verdict: check.verdict,
    evidence: check.evidence.map(e =>
      'path' in e ? `${e.path}:${e.line} ${e.note}` : e.note,
    ),
  };
}

/** A served classifier whose ML libraries are not pinned and whose reviewers are not named. */
const unpinnedServer = {
  Dockerfile: text`
    FROM python:3.11-slim
    COPY requirements.txt .
    RUN pip install -r requirements.txt
    COPY . .
    CMD ["uvicorn", "serve:app"]
  `,
  'serve.py': text`
    import joblib
    from fastapi import FastAPI
    app = FastAPI()
    clf = joblib.load("model/clf.joblib")
  `,
  'requirements.txt': 'fastapi\nuvicorn\nscikit-learn\n',
};

describe('CI that only builds, pushes or deploys images, in every CI system', () => {
  it('a workflow that builds and pushes the image on pushes to main checks no change, at the build step', () => {
    const result = onlyMeOf({
      ...unpinnedServer,
      '.github/workflows/image.yml': text`
        name: image
        on:
          push:
            branches: [main]
        jobs:
          publish:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - uses: docker/setup-buildx-action@v3
              - uses: docker/login-action@v3
                with:
                  username: \${{ secrets.HUB_USER }}
                  password: \${{ secrets.HUB_TOKEN }}
              - uses: docker/build-push-action@v6
                with:
                  push: true
                  tags: acme/classifier:latest
      `,
    });
    expect(result.verdict).toBe('fail');
    expect(result.evidence).toEqual([
      '.github/workflows/image.yml:15 github-actions: only builds, pushes or deploys images after a change has landed (docker/build-push-action), running no tests or other checks on a proposed change',
    ]);
    // Unpinned ML libraries, no reviewers and nothing checks a change.
    expect(result.onlyMe).toBe('detected');
  });

  it('docker build, docker push and a rollout in run steps on a named branch check no change, at the first build command', () => {
    const result = onlyMeOf({
      ...unpinnedServer,
      '.github/workflows/deploy.yaml': text`
        on:
          push:
            branches: [release]
            paths: ['serve.py', 'Dockerfile']
        jobs:
          deploy:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - uses: aws-actions/configure-aws-credentials@v4
              - name: Build and push
                run: |
                  docker build -t $REGISTRY/classifier:$GITHUB_SHA .
                  docker push $REGISTRY/classifier:$GITHUB_SHA
              - run: kubectl set image deployment/classifier app=$REGISTRY/classifier:$GITHUB_SHA
      `,
    });
    expect(result.verdict).toBe('fail');
    expect(result.evidence).toEqual([
      '.github/workflows/deploy.yaml:13 github-actions: only builds, pushes or deploys images after a change has landed (docker build, docker push, kubectl set), running no tests or other checks on a proposed change',
    ]);
  });

  it('the same image build run on every pull request checks that a proposed change still builds', () => {
    const result = onlyMeOf({
      ...unpinnedServer,
      '.github/workflows/image.yml': text`
        on:
          push:
            branches: [main]
          pull_request:
            branches: [main]
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - uses: docker/build-push-action@v6
                with:
                  push: \${{ github.event_name != 'pull_request' }}
      `,
    });
    expect(result.verdict).toBe('pass');
    expect(result.evidence).toEqual([
      '.github/workflows/image.yml:1 github-actions',
    ]);
    expect(result.onlyMe).toBe('clear');
  });

  it('an image build on pushes of any branch runs before a change lands and checks it', () => {
    const result = onlyMeOf({
      ...unpinnedServer,
      '.github/workflows/image.yml': text`
        on:
          push:
            branches: ['**']
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - run: docker build -t classifier .
      `,
    });
    expect(result.verdict).toBe('pass');
  });

  it('a workflow that runs the tests before pushing the image checks changes even on main only', () => {
    const result = onlyMeOf({
      ...unpinnedServer,
      '.github/workflows/image.yml': text`
        on:
          push:
            branches: [main]
        jobs:
          publish:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: pip install -r requirements.txt pytest
              - run: pytest
              - uses: docker/build-push-action@v6
      `,
    });
    expect(result.verdict).toBe('pass');
    expect(result.evidence).toEqual([
      '.github/workflows/image.yml:1 github-actions',
    ]);
  });

  it('a GitLab pipeline whose jobs only build and push the image on the default branch checks no change, at the build command', () => {
    const result = onlyMeOf({
      ...unpinnedServer,
      '.gitlab-ci.yml': text`
        stages: [build]
        build-image:
          stage: build
          image: docker:27
          services: [docker:27-dind]
          before_script:
            - docker login -u "$CI_REGISTRY_USER" -p "$CI_REGISTRY_PASSWORD" "$CI_REGISTRY"
          script:
            - docker build -t "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA" .
            - docker push "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"
          rules:
            - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
      `,
    });
    expect(result.verdict).toBe('fail');
    expect(result.evidence).toEqual([
      '.gitlab-ci.yml:9 gitlab-ci: only builds, pushes or deploys images after a change has landed (docker build, docker push), running no tests or other checks on a proposed change',
    ]);
    expect(result.onlyMe).toBe('detected');
  });

  it('the same GitLab job without rules runs on every branch pushed and checks that the image builds', () => {
    const result = onlyMeOf({
      ...unpinnedServer,
      '.gitlab-ci.yml': text`
        build-image:
          image: docker:27
          script:
            - docker build -t "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA" .
      `,
    });
    expect(result.verdict).toBe('pass');
    expect(result.evidence).toEqual(['.gitlab-ci.yml:1 gitlab-ci']);
  });

  it('an Azure pipeline that only builds and pushes with Docker@2 on pushes to main, with no pull-request trigger, checks no change', () => {
    const result = onlyMeOf({
      ...unpinnedServer,
      'azure-pipelines.yml': text`
        trigger:
          branches:
            include: [main]
        pr: none
        pool:
          vmImage: ubuntu-latest
        steps:
          - checkout: self
          - task: Docker@2
            inputs:
              command: buildAndPush
              repository: classifier
      `,
    });
    expect(result.verdict).toBe('fail');
    expect(result.evidence).toEqual([
      'azure-pipelines.yml:9 azure-pipelines: only builds, pushes or deploys images after a change has landed (Docker@2), running no tests or other checks on a proposed change',
    ]);
  });

  it('an Azure pipeline left to its default pull-request trigger builds every proposed change', () => {
    const result = onlyMeOf({
      ...unpinnedServer,
      'azure-pipelines.yml': text`
        trigger: [main]
        steps:
          - task: Docker@2
            inputs:
              command: buildAndPush
              repository: classifier
      `,
    });
    expect(result.verdict).toBe('pass');
    expect(result.evidence).toEqual(['azure-pipelines.yml:1 azure-pipelines']);
  });
});
