import type { SyntaxNode } from '@lezer/common';
import { PythonSyntax } from './syntax';

/**
 * Methods that fit or train a model: scikit-learn and Keras `fit`, XGBoost
 * and LightGBM `train`, PyTorch's `backward` and `zero_grad` in a training
 * loop (and `model.train()` that enters it), fastai's `fine_tune`.
 */
const TRAINING_METHODS = new Set([
  'fit',
  'fit_generator',
  'partial_fit',
  'train_on_batch',
  'fit_one_cycle',
  'fine_tune',
  'train',
  'backward',
  'zero_grad',
]);

/** Classes whose instances train a model (Hugging Face and TRL trainers). */
const TRAINER_CLASSES = new Set(['Trainer', 'Seq2SeqTrainer', 'SFTTrainer']);

/**
 * Text one of the calls above needs (`partial_fit(` holds `fit(`): a module
 * with none is not parsed.
 */
const TRAINING_CALL_TEXT = [
  'fit(',
  'fit_generator(',
  'train(',
  'train_on_batch(',
  'fit_one_cycle(',
  'fine_tune(',
  'backward(',
  'zero_grad(',
  'Trainer(',
];

/** The name a call ends in: `b` in `a.b(…)` and in `b(…)`, with whether it is a method. */
function calleeName(
  syntax: PythonSyntax,
  call: SyntaxNode,
): { name: string; method: boolean } | undefined {
  const callee = call.firstChild;
  if (!callee) return undefined;
  if (callee.name === 'VariableName') {
    return { name: syntax.textOf(callee), method: false };
  }
  if (callee.name === 'MemberExpression') {
    const property = callee.lastChild;
    if (property?.name === 'PropertyName') {
      return { name: syntax.textOf(property), method: true };
    }
  }
  return undefined;
}

/**
 * The line of the first call in a Python module that trains a model
 * (`model.fit(…)`, `loss.backward()`, `Trainer(…)`), or undefined when it
 * makes none.
 */
export function firstTrainingCallLine(text: string): number | undefined {
  if (!TRAINING_CALL_TEXT.some(call => text.includes(call))) {
    return undefined;
  }
  const syntax = new PythonSyntax(text);
  const cursor = syntax.tree.cursor();
  do {
    if (cursor.name !== 'CallExpression') continue;
    const callee = calleeName(syntax, cursor.node);
    if (!callee) continue;
    if (
      (callee.method && TRAINING_METHODS.has(callee.name)) ||
      TRAINER_CLASSES.has(callee.name)
    ) {
      return syntax.lineOf(cursor.node);
    }
  } while (cursor.next());
  return undefined;
}
