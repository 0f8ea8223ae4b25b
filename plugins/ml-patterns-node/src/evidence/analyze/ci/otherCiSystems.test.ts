import { evaluateEntity } from '../../../engine/evaluateEntity';
import { builtInRules } from '../../../engine/rules';
import {
  makeEntity,
  makeEvidence,
  makeInput,
} from '../../../engine/__testUtils__/factories';
import { analyzeRepositoryFiles } from '../index';
import { repo, text } from '../__testUtils__/files';

/**
 * Jenkins, CircleCI, Bitbucket Pipelines, Drone and Buildkite read like
 * GitHub Actions and GitLab CI: a pipeline that only builds, pushes or
 * deploys images after a change has landed (named branches, tags) checks
 * no change; the same build on every branch or pull request, or any
 * test, does.
 */

function checksOf(files: Record<string, string>) {
  const evidence = analyzeRepositoryFiles(
    repo({ 'serve.py': 'print("serving")\n', ...files }),
  );
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
    verdict: check.verdict,
    message: check.message,
    evidence: check.evidence.map(e =>
      'path' in e ? `${e.path}:${e.line} ${e.note}` : e.note,
    ),
  };
}

const RELEASE_ONLY =
  'only builds, pushes or deploys images after a change has landed';

describe('Jenkinsfile', () => {
  const jenkinsfile = (when: string, extra = '') => text`
    pipeline {
      agent any
      environment {
        IMAGE = "registry.example.com/ranker:\${env.GIT_COMMIT}"
      }
      stages {
        stage('Checkout') {
          steps {
            checkout scm
          }
        }
        stage('Publish image')
        {
          ${when}
          steps {
            script {
              docker.withRegistry('https://registry.example.com', 'registry-creds') {
                def image = docker.build(env.IMAGE)
                image.push()
              }
            }
            sh 'kubectl set image deployment/ranker ranker=$IMAGE'
          }
        }
        ${extra}
      }
      post {
        always {
          cleanWs()
        }
      }
    }
  `;

  it('checks no change when it only builds, pushes and deploys on the main branch, at the build step', () => {
    const result = checksOf({
      Jenkinsfile: jenkinsfile("when { branch 'main' }"),
    });
    expect(result.verdict).toBe('fail');
    expect(result.evidence).toEqual([
      `Jenkinsfile:18 jenkins: ${RELEASE_ONLY} (docker.build, docker push, kubectl set), running no tests or other checks on a proposed change`,
    ]);
    expect(result.message).toContain('Jenkinsfile:18 only builds');
  });

  it('reads tag builds and a branch named in an expression as after landing', () => {
    for (const when of [
      'when { buildingTag() }',
      "when { anyOf { branch 'main'; tag 'v*' } }",
      "when { expression { return env.BRANCH_NAME == 'release' } }",
    ]) {
      expect(checksOf({ Jenkinsfile: jenkinsfile(when) }).verdict).toBe('fail');
    }
  });

  it('checks changes when the image is built on every branch or pull request', () => {
    for (const when of [
      '',
      'when { changeRequest() }',
      "when { anyOf { branch 'main'; changeRequest() } }",
      "when { branch 'feature/*' }",
    ]) {
      const result = checksOf({ Jenkinsfile: jenkinsfile(when) });
      expect(result.verdict).toBe('pass');
      expect(result.evidence).toEqual(['Jenkinsfile:1 jenkins']);
    }
  });

  it('checks changes when another stage runs tests', () => {
    const result = checksOf({
      Jenkinsfile: jenkinsfile(
        "when { branch 'main' }",
        "stage('Test') { steps { sh 'pytest -q' } }",
      ),
    });
    expect(result.verdict).toBe('pass');
  });

  it('a scripted pipeline is taken to check', () => {
    const result = checksOf({
      Jenkinsfile: text`
        node {
          if (env.BRANCH_NAME == 'main') {
            sh 'docker build -t ranker .'
          }
        }
      `,
    });
    expect(result.verdict).toBe('pass');
  });
});

describe('CircleCI', () => {
  const config = (filters: string) => text`
    version: 2.1
    orbs:
      aws-ecr: circleci/aws-ecr@9.0
    jobs:
      publish:
        docker:
          - image: cimg/base:stable
        steps:
          - checkout
          - setup_remote_docker
          - run: docker build -t ranker .
          - run:
              name: push
              command: docker push registry.example.com/ranker
    workflows:
      release:
        jobs:
          - publish:
              ${filters}
          - aws-ecr/build_and_push_image:
              repo: ranker
              ${filters}
  `;

  it('checks no change when every job is filtered to main, at the first build', () => {
    const result = checksOf({
      '.circleci/config.yml': config('filters: {branches: {only: main}}'),
    });
    expect(result.verdict).toBe('fail');
    expect(result.evidence).toEqual([
      `.circleci/config.yml:11 circleci: ${RELEASE_ONLY} (docker build, docker push, aws-ecr/build_and_push_image), running no tests or other checks on a proposed change`,
    ]);
  });

  it('checks changes when the jobs run on every branch, or a job runs tests', () => {
    expect(
      checksOf({ '.circleci/config.yml': config('context: registry') }).verdict,
    ).toBe('pass');
    const tested = config('filters: {branches: {only: main}}').replace(
      'docker build -t ranker .',
      'python -m pytest',
    );
    expect(checksOf({ '.circleci/config.yml': tested }).verdict).toBe('pass');
  });
});

describe('Bitbucket Pipelines', () => {
  it('checks no change when only main and tags build and push images, at the build line', () => {
    const result = checksOf({
      'bitbucket-pipelines.yml': text`
        image: atlassian/default-image:4
        pipelines:
          branches:
            main:
              - step:
                  services: [docker]
                  script:
                    - docker build -t ranker .
                    - pipe: atlassian/aws-ecr-push-image:2.4.0
                      variables:
                        IMAGE_NAME: ranker
          tags:
            'v*':
              - step:
                  script:
                    - docker build -t ranker:$BITBUCKET_TAG .
      `,
    });
    expect(result.verdict).toBe('fail');
    expect(result.evidence).toEqual([
      `bitbucket-pipelines.yml:8 other: ${RELEASE_ONLY} (docker build, atlassian/aws-ecr-push-image), running no tests or other checks on a proposed change`,
    ]);
  });

  it('checks changes with a default or pull-request pipeline', () => {
    const result = checksOf({
      'bitbucket-pipelines.yml': text`
        pipelines:
          pull-requests:
            '**':
              - step:
                  script:
                    - docker build -t ranker .
      `,
    });
    expect(result.verdict).toBe('pass');
    expect(result.evidence).toEqual(['bitbucket-pipelines.yml:1 other']);
  });
});

describe('Drone', () => {
  const drone = (trigger: string) => text`
    kind: pipeline
    type: docker
    name: release

    steps:
      - name: image
        image: plugins/docker
        settings:
          repo: registry.example.com/ranker
      - name: rollout
        image: bitnami/kubectl
        commands:
          - kubectl apply -f k8s/

    trigger: ${trigger}
  `;

  it('checks no change when pushes to main and tags trigger it, at the plugin step', () => {
    const result = checksOf({
      '.drone.yml': drone('{event: [push, tag], branch: [main]}'),
    });
    expect(result.verdict).toBe('fail');
    expect(result.evidence).toEqual([
      `.drone.yml:7 other: ${RELEASE_ONLY} (plugins/docker, kubectl apply), running no tests or other checks on a proposed change`,
    ]);
  });

  it('checks changes when pull requests into main trigger it', () => {
    const result = checksOf({
      '.drone.yml': drone('{branch: [main]}'),
    });
    expect(result.verdict).toBe('pass');
  });
});

describe('Buildkite', () => {
  const pipeline = (condition: string) => text`
    steps:
      - label: ":docker: build"
        ${condition}
        plugins:
          - docker-compose#v5.2.0:
              build: api
              push: api:registry.example.com/ranker
      - wait
      - label: deploy
        ${condition}
        command: helm upgrade ranker chart/
  `;

  it('checks no change when every step runs on main only, at the compose build', () => {
    const result = checksOf({
      '.buildkite/pipeline.yml': pipeline('branches: main'),
    });
    expect(result.verdict).toBe('fail');
    expect(result.evidence).toEqual([
      `.buildkite/pipeline.yml:5 other: ${RELEASE_ONLY} (docker-compose, helm upgrade), running no tests or other checks on a proposed change`,
    ]);
  });

  it('checks changes when the steps run on every branch', () => {
    const result = checksOf({
      '.buildkite/pipeline.yml': pipeline('key: any'),
    });
    expect(result.verdict).toBe('pass');
  });
});

describe('Travis CI', () => {
  const travis = (condition: string) => text`
    language: minimal
    services: [docker]
    ${condition}
    script:
      - docker build -t registry.example.com/ranker .
    deploy:
      provider: script
      script: docker push registry.example.com/ranker
      on:
        branch: main
  `;

  it('checks no change when the build runs only on pushes to main, at the build line', () => {
    const result = checksOf({
      '.travis.yml': travis('if: branch = main AND type = push'),
    });
    expect(result.verdict).toBe('fail');
    expect(result.evidence).toEqual([
      `.travis.yml:5 travis: ${RELEASE_ONLY} (docker build, docker push), running no tests or other checks on a proposed change`,
    ]);
  });

  it('checks changes when the image is built on pull requests too', () => {
    for (const condition of [
      'os: linux',
      'if: branch = main',
      'if: branch = main OR type = pull_request',
    ]) {
      const result = checksOf({ '.travis.yml': travis(condition) });
      expect(result.verdict).toBe('pass');
      expect(result.evidence).toEqual(['.travis.yml:1 travis']);
    }
  });

  it('checks changes when a job has no script (the language default runs tests)', () => {
    const result = checksOf({
      '.travis.yml': text`
        language: python
        if: tag IS present
        deploy:
          provider: heroku
          app: ranker
      `,
    });
    expect(result.verdict).toBe('pass');
  });
});

describe('Tekton (Pipelines-as-Code)', () => {
  const pipelineRun = (events: string, task: string) => text`
    apiVersion: tekton.dev/v1
    kind: PipelineRun
    metadata:
      name: ranker-on-push
      annotations:
        pipelinesascode.tekton.dev/on-event: "${events}"
        pipelinesascode.tekton.dev/on-target-branch: "[main]"
    spec:
      pipelineSpec:
        tasks:
          - name: fetch
            taskRef:
              name: git-clone
          - name: build
            taskRef:
              name: ${task}
  `;

  it('checks no change when a push to main only clones and builds the image, at the build task', () => {
    const result = checksOf({
      '.tekton/ranker-push.yaml': pipelineRun('[push]', 'buildah'),
    });
    expect(result.verdict).toBe('fail');
    expect(result.evidence).toEqual([
      `.tekton/ranker-push.yaml:16 other: ${RELEASE_ONLY} (buildah), running no tests or other checks on a proposed change`,
    ]);
  });

  it('checks changes when it runs on pull requests, or a task may test', () => {
    expect(
      checksOf({
        '.tekton/ranker-pr.yaml': pipelineRun('[pull_request]', 'buildah'),
      }).verdict,
    ).toBe('pass');
    expect(
      checksOf({
        '.tekton/ranker-push.yaml': pipelineRun('[push]', 'pytest-run'),
      }).verdict,
    ).toBe('pass');
  });
});

describe('GitLab CI with include and extends', () => {
  const release = text`
    .image:
      image: docker:27
      rules:
        - if: $CI_COMMIT_TAG
      script:
        - docker build -t $CI_REGISTRY_IMAGE:$CI_COMMIT_TAG .
        - docker push $CI_REGISTRY_IMAGE:$CI_COMMIT_TAG

    publish:
      extends: .image
  `;

  it('reads what a job extends: a template that only builds and pushes on tags checks no change, at its build line', () => {
    const result = checksOf({ '.gitlab-ci.yml': release });
    expect(result.verdict).toBe('fail');
    expect(result.evidence).toEqual([
      `.gitlab-ci.yml:6 gitlab-ci: ${RELEASE_ONLY} (docker build, docker push), running no tests or other checks on a proposed change`,
    ]);
  });

  it('an extended template that runs tests checks changes', () => {
    const result = checksOf({
      '.gitlab-ci.yml': `${release}\n.tests:\n  script:\n    - pytest -q\n\nunit:\n  extends: .tests\n`,
    });
    expect(result.verdict).toBe('pass');
    expect(result.evidence).toEqual(['.gitlab-ci.yml:1 gitlab-ci']);
  });

  it('a job of a locally included file that runs tests checks changes', () => {
    const result = checksOf({
      '.gitlab-ci.yml': `include:\n  - local: /ci/tests.yml\n\n${release}`,
      'ci/tests.yml': text`
        unit:
          script:
            - python -m pytest
      `,
    });
    expect(result.verdict).toBe('pass');
  });

  it('a locally included release-only file keeps the pipeline release-only', () => {
    const result = checksOf({
      '.gitlab-ci.yml': `include:\n  - local: /ci/deploy.yml\n\n${release}`,
      'ci/deploy.yml': text`
        deploy:
          rules:
            - if: $CI_COMMIT_TAG
          script:
            - kubectl apply -f k8s/
      `,
    });
    expect(result.verdict).toBe('fail');
    expect(result.evidence).toEqual([
      `.gitlab-ci.yml:9 gitlab-ci: ${RELEASE_ONLY} (docker build, docker push, kubectl apply), running no tests or other checks on a proposed change`,
    ]);
  });

  it('an include from another project is taken to check', () => {
    const result = checksOf({
      '.gitlab-ci.yml': `include:\n  - project: group/templates\n    file: /python.yml\n\n${release}`,
    });
    expect(result.verdict).toBe('pass');
  });

  it('a personal runner pipeline with a test job kept in an included file is taken to check', () => {
    const personal = text`
      train:
        tags: [ana-desktop]
        script:
          - python train.py --data /home/ana/datasets/plants
    `;
    expect(checksOf({ '.gitlab-ci.yml': personal }).verdict).toBe('fail');
    const result = checksOf({
      '.gitlab-ci.yml': `include:\n  - project: group/templates\n    file: /tests.yml\n\n${personal}`,
    });
    expect(result.verdict).toBe('pass');
  });
});
