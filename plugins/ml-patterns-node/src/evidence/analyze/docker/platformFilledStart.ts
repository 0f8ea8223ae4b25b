import { ParsedStage } from '../dockerfile';
import { platformFilling } from '../kubernetes/platformModelMount';
import { ServerStart } from '../shell/serverStart';
import { wordValue } from '../shell/wordValue';
import { copyDestination, overlapsImagePath } from './imagePaths';

/**
 * A server the image starts on the folder a serving platform fills when
 * the container starts (`mlflow models serve -m /opt/ml/model` in an image
 * for SageMaker, which unpacks the endpoint's model data there): the model
 * arrives at start, unless the image's own build copies something there.
 * The description, or undefined.
 */
export function platformFilledStart(
  start: ServerStart,
  stage: ParsedStage,
  lookup: (name: string) => string | undefined,
): string | undefined {
  const given = start.model ?? start.modelStore;
  if (!given) return undefined;
  const { value } = wordValue(given.value, lookup);
  const platform = value?.startsWith('/') ? platformFilling(value) : undefined;
  if (!value || !platform) return undefined;
  const copiedThere = stage.copies.some(copy => {
    const destination = copyDestination(stage, copy);
    return destination !== '/' && overlapsImagePath(destination, value);
  });
  if (copiedThere) return undefined;
  return `${start.server} serves ${given.option} ${given.value}, where ${platform} puts the model when the container starts (the image's build puts nothing there)`;
}
