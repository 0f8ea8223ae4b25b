import { ParsedDockerfile, ParsedStage } from '../dockerfile';
import { MODELISH_NAME } from '../modelFiles';
import { wordValue } from '../shell/wordValue';
import { modelServerOfImage } from './modelServerImage';

/**
 * A stage built FROM an image that, by its name, holds a model (`ARG
 * MODEL_IMAGE=registry/ml-model-bert:1` then `FROM ${MODEL_IMAGE} AS
 * model`): teams publish a model as an image of its own and copy its
 * folder into the serving image (`COPY --from=model /app/models …`). The
 * name is the image's (the build argument's default put in) or, when the
 * argument has no default, the argument's. Images of model servers hold
 * servers, not models. The name that says so, or undefined.
 */
export function modelImageName(
  parsed: ParsedDockerfile,
  stage: ParsedStage,
): string | undefined {
  // A stage of this Dockerfile: what it holds is read from its steps.
  if (stage.parent !== undefined || !stage.baseImage) return undefined;
  const lookup = (name: string) =>
    parsed.globalArgs.find(arg => arg.name === name)?.defaultValue;
  const { value, variable } = wordValue(stage.baseImage, lookup);
  const image = value && !value.includes('$') ? value : undefined;
  if (image && modelServerOfImage(image)) return undefined;
  const name = image ?? variable;
  if (!name) return undefined;
  // `registry:5000/team/ml-model-x:tag` read as `…-ml-model-x-tag`.
  return MODELISH_NAME.test(name.split(/[/:@]/).join('-')) ? name : undefined;
}

/** Does a path copied out of such an image name a model folder or file (`/app/models`)? */
export function modelishImagePath(path: string): boolean {
  return path.split('/').some(segment => MODELISH_NAME.test(segment));
}
