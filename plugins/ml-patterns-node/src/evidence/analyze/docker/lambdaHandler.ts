import { commandWords } from '../context/serverArguments';
import { imageName } from './modelServerImage';

/**
 * AWS Lambda container images: an image built on a Lambda Python base
 * image (`public.ecr.aws/lambda/python`, `amazon/aws-lambda-python`), or
 * one running the runtime interface client (`python -m awslambdaric`),
 * starts no server of its own; its CMD names the handler
 * (`module.function`, `folder/module.function`) the runtime calls for each
 * invocation, from the task root the Dockerfile copies the code into. The
 * handler's module serves requests the way a web app's does.
 */

/** What `PythonProcess`es started by a Lambda runtime are launched by. */
export const LAMBDA_RUNTIME = 'aws-lambda';

export interface LambdaHandler {
  /** The handler's module, dotted (`app.handler`). */
  module: string;
  /** The handler as the CMD names it (`app.handler.predict`). */
  handler: string;
  line: number;
}

const LAMBDA_PYTHON_BASE = /^(?:lambda\/python|amazon\/aws-lambda-python)$/;

const IDENTIFIER = /^[A-Za-z_]\w*$/;

/** `module.function` or `folder/module.function`: identifiers joined by dots or slashes. */
function isHandler(word: string): boolean {
  const parts = word.split(/[./]/);
  return (
    parts.length > 1 &&
    !word.endsWith('/') &&
    word.lastIndexOf('.') > word.lastIndexOf('/') &&
    parts.every(part => IDENTIFIER.test(part))
  );
}

interface Stage {
  name: string;
  baseImage: string;
  command?: { value: string; line: number };
}

/** Is the final image built on a Lambda Python base image (through earlier stages)? */
function onLambdaBase(stages: readonly Stage[]): boolean {
  let stage: Stage | undefined = stages[stages.length - 1];
  for (let guard = 0; stage && guard < stages.length; guard++) {
    if (LAMBDA_PYTHON_BASE.test(imageName(stage.baseImage))) return true;
    const base = stage.baseImage.toLowerCase();
    const current: Stage = stage;
    stage = stages.find(s => s !== current && s.name.toLowerCase() === base);
  }
  return false;
}

/** The handler a Dockerfile's final image hands the Lambda runtime, if it is a Lambda image. */
export function lambdaHandlerOf(dockerfile: {
  stages: readonly Stage[];
}): LambdaHandler | undefined {
  const stages = dockerfile.stages;
  const command = stages[stages.length - 1]?.command;
  if (!command) return undefined;
  const words = commandWords(command.value);
  const ric = words.indexOf('awslambdaric');
  let handler: string | undefined;
  if (ric > 0 && words[ric - 1] === '-m') handler = words[ric + 1];
  else if (words.length === 1 && onLambdaBase(stages)) handler = words[0];
  if (!handler || !isHandler(handler)) return undefined;
  return {
    module: handler.slice(0, handler.lastIndexOf('.')).replace(/\//g, '.'),
    handler,
    line: command.line,
  };
}
