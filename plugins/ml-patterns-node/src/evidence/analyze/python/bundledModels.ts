import type { SyntaxNode } from '@lezer/common';
import type { PythonModule } from './pythonModule';
import { childrenOf } from './syntax';

/**
 * Keys under which a saved bundle keeps a trained model (`state["model"]`,
 * `ckpt.get("model_state_dict")`, `bundle["classifier"]`): a pickle read
 * by such a key holds the model beside its settings, so it is not data.
 */
const MODEL_KEY =
  /(?:^|_)(?:model|models|clf|classifier|regressor|estimator|booster|net|network|weights|state_dict)(?:_|$)/;

function keyWords(key: string): string {
  return key
    .slice(0, 80)
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_');
}

/** Whether a literal key read from an object names a model (the first argument or subscript). */
export function readsModelKey(
  module: PythonModule,
  keyHolder: SyntaxNode | undefined,
): boolean {
  if (!keyHolder) return false;
  const key = childrenOf(keyHolder).find(c => c.name === 'String');
  if (!key || key.to - key.from > 100) return false;
  const text = module.syntax.stringValue(key);
  return text !== undefined && MODEL_KEY.test(keyWords(text));
}
