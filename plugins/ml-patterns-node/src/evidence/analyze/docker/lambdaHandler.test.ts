import { text } from '../__testUtils__/files';
import { allInOneOf } from '../__testUtils__/allInOneOf';
import { releaseOf as release } from '../__testUtils__/releaseOf';
import { lambdaHandlerOf } from './lambdaHandler';

/**
 * An AWS Lambda container image serves each invocation through the
 * handler its CMD names: the handler's module, copied into the task root,
 * is the serving code, and a model file the Dockerfile copies beside it
 * (opened by that name) is the model the image holds.
 */

const handler = text`
  import json
  import joblib

  def lambda_handler(event, context):
      regressor = joblib.load("regressor.joblib")
      rows = json.loads(event["body"])["rows"]
      return {"statusCode": 200, "body": json.dumps(regressor.predict(rows).tolist())}
`;

const lambdaImage = (base: string, command: string) => text`
  FROM ${base}
  COPY requirements.txt \${LAMBDA_TASK_ROOT}
  RUN pip install -r requirements.txt
  COPY service/handler.py \${LAMBDA_TASK_ROOT}
  COPY artifacts/regressor.joblib \${LAMBDA_TASK_ROOT}
  ${command}
`;

const tree = (dockerfile: string) => ({
  Dockerfile: dockerfile,
  'requirements.txt': 'joblib==1.4.2\nscikit-learn==1.5.1\n',
  'service/handler.py': handler,
  'training/fit.py': text`
    import joblib
    from sklearn.linear_model import LinearRegression
    joblib.dump(LinearRegression().fit([[0], [1]], [0, 1]), "artifacts/regressor.joblib")
  `,
});

describe('an AWS Lambda container image', () => {
  it('is Model-in-image for a repository holding it: the handler loads the file the Dockerfile copies', () => {
    const result = release(
      tree(
        lambdaImage(
          'public.ecr.aws/lambda/python:3.12',
          'CMD [ "handler.lambda_handler" ]',
        ),
      ),
      'repository',
    );
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([
      'Dockerfile:5 model into image (file): artifacts/regressor.joblib',
    ]);
    expect(result.evidence.servingProcesses).toEqual([
      expect.objectContaining({
        path: 'Dockerfile',
        line: 6,
        command: 'AWS Lambda handler handler.lambda_handler',
        module: 'service/handler.py',
        server: true,
        models: [
          expect.objectContaining({ path: 'service/handler.py', line: 5 }),
        ],
      }),
    ]);
  });

  it('counts the handler’s one model for All-in-one', () => {
    const result = allInOneOf(
      tree(
        lambdaImage(
          'amazon/aws-lambda-python:3.11',
          'CMD [ "handler.lambda_handler" ]',
        ),
      ),
    );
    expect(result.verdict).toBe('pass');
    expect(result.at).toContain('service/handler.py:5');
    expect(result.notes).toContain(
      'AWS Lambda handler handler.lambda_handler loads one model: joblib.load loads regressor.joblib',
    );
  });

  it('reads the handler the runtime interface client is given on any base image', () => {
    expect(
      lambdaHandlerOf({
        stages: [
          {
            name: '0',
            baseImage: 'python:3.12-slim',
            command: {
              value:
                '/usr/local/bin/python -m awslambdaric api/handler.predict',
              line: 9,
            },
          },
        ],
      }),
    ).toEqual({
      module: 'api.handler',
      handler: 'api/handler.predict',
      line: 9,
    });
  });

  it('is no handler on another base image, nor for a command that is not one', () => {
    const stage = (baseImage: string, value: string) => ({
      stages: [{ name: '0', baseImage, command: { value, line: 3 } }],
    });
    expect(lambdaHandlerOf(stage('python:3.12', 'handler.main'))).toBe(
      undefined,
    );
    expect(
      lambdaHandlerOf(
        stage('public.ecr.aws/lambda/python:3.12', 'python app.py'),
      ),
    ).toBe(undefined);
    expect(
      lambdaHandlerOf(stage('public.ecr.aws/lambda/python:3.12', 'handler')),
    ).toBe(undefined);
  });
});
