import { PythonModule } from './pythonModule';
import { CallArguments } from './syntax';

/** `keras.applications.ResNet50`, `tensorflow.keras.applications.efficientnet.EfficientNetB0` (a class-like name). */
const KERAS_APPLICATION =
  /^(?:tensorflow\.)?keras\.applications\.(?:[a-z]\w{0,60}\.)?[A-Z]\w{0,60}$/;

/**
 * What building a Keras application loads. Its `weights` argument
 * decides: `"imagenet"` (the default) downloads the published weights into
 * the Keras cache when first built in the process, like a hub id; `None`
 * is an untrained architecture; anything else names a weights file.
 */
export function kerasApplicationWeights(
  canonical: string,
  module: PythonModule,
  args: CallArguments,
): 'published' | 'file' | 'untrained' | undefined {
  if (!KERAS_APPLICATION.test(canonical)) return undefined;
  const weights = args.keyword.get('weights');
  if (!weights) return 'published';
  if (module.syntax.stringValue(weights) === 'imagenet') return 'published';
  return module.syntax.textOf(weights) === 'None' ? 'untrained' : 'file';
}
