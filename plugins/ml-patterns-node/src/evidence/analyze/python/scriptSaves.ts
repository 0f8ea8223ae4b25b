import type { SyntaxNode } from '@lezer/common';
import { saverOf } from './saverCatalog';
import { PythonProject } from './pythonProject';
import { ValueReader } from './values';

/** An artifact a script saves under a name written in the code. */
export interface ScriptSave {
  /** The module and line of the saving call. */
  path: string;
  line: number;
  /** The saving call as written (`joblib.dump`, `model.save`). */
  call: string;
  /** The name it saves under, as the code writes it (`IrisClassifier.sav`, `models/model.pkl`). */
  name: string;
}

/** Words without which a module saves nothing (a quick test before parsing). */
const SAVE_WORD = /\b(?:dump|save)/;

/** Methods of a trained model object that write it to a file (Keras, XGBoost, LightGBM, CatBoost, spaCy, gensim). */
const SAVE_METHOD =
  /\.(?:save|save_model|save_weights|to_disk|save_pretrained)$/;

/** Most modules a script's imports are followed into. */
const MAX_MODULES = 50;

/**
 * What a Python script of the repository saves when it runs, through the
 * project modules it imports: the names given to library savers
 * (`joblib.dump(model, "model.pkl")`, `torch.save(…)`, a file opened for
 * `pickle.dump`) and to a model object's own save method
 * (`model.save("model.h5")`). A Dockerfile running the script during the
 * build (`RUN python train.py`) leaves these files in the image.
 */
export function scriptSaves(
  project: PythonProject,
  script: string,
): ScriptSave[] {
  const modules = [...project.reachableFrom([script])].slice(0, MAX_MODULES);
  const reader = new ValueReader(project);
  const saves: ScriptSave[] = [];
  for (const path of modules) {
    const text = project.text(path);
    if (text === undefined || !SAVE_WORD.test(text)) continue;
    const module = project.module(path);
    if (!module) continue;
    for (const call of module.calls) {
      if (!call.dotted || !/(?:dump|save\w*|to_disk)$/.test(call.dotted))
        continue;
      let name: SyntaxNode | undefined = saverOf(project, module, call)?.name;
      if (!name && SAVE_METHOD.test(call.dotted))
        name =
          call.args.positional[0] ??
          call.args.keyword.get('filepath') ??
          call.args.keyword.get('fname') ??
          call.args.keyword.get('path');
      if (!name) continue;
      const scope = reader.scopeOf(module, call);
      const value = reader.read(name, scope);
      // A file opened for writing (`with open("model.pkl", "wb") as f`).
      const opened = value.calls
        .filter(ref => ref.call.dotted === 'open')
        .map(ref =>
          reader.read(
            ref.call.args.positional[0] ?? ref.call.args.keyword.get('file'),
            reader.scopeOf(ref.module, ref.call),
          ),
        );
      for (const literal of [
        ...value.literals,
        ...opened.flatMap(v => v.literals),
      ]) {
        if (literal !== '')
          saves.push({
            path,
            line: call.line,
            call: call.dotted,
            name: literal,
          });
      }
    }
  }
  return saves;
}
