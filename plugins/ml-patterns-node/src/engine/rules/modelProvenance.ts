import {
  EvidenceItem,
  INPUT_ANNOTATIONS,
  RULE_IDS,
} from '@ml-patterns/plugin-ml-patterns-common';
import { atField, atLine, listForMessage } from '../evidenceItems';
import { MlPatternsRule } from '../types';
import {
  builtInRule,
  needsRepository,
  notApplicable,
  outcome,
} from './ruleHelpers';

/** Most model files named in a failing check's evidence. */
const MAX_MODELS_SHOWN = 5;

/**
 * "A model provided without the code and data that made it": the
 * repository commits trained models but holds no code that trains one and
 * declares no data. Training code anywhere in the repository, a notebook
 * (which may train), or declared data passes. Without a committed model
 * (or a complete listing of the repository around a folder) the check is
 * not applicable.
 *
 * @public
 */
export const modelProvenanceRule: MlPatternsRule = builtInRule(
  RULE_IDS.modelProvenance,
  needsRepository((evidence, input) => {
    const training = evidence.modelTraining;
    if (!training) {
      return notApplicable(
        'No trained model is committed (or the repository around the folder could not be listed whole).',
      );
    }
    if (training.trainedAt) {
      return outcome(
        'pass',
        `The repository holds code that trains its models (${training.trainedAt.path}).`,
        [atLine(training.trainedAt, training.trainedAt.note)],
      );
    }
    const data: EvidenceItem[] = evidence.dataReferences.map(reference =>
      atLine(reference, reference.note),
    );
    const annotation =
      input.entity.metadata.annotations?.[INPUT_ANNOTATIONS.dataset];
    if (typeof annotation === 'string' && annotation.trim() !== '') {
      data.push(
        atField(
          `metadata.annotations.${INPUT_ANNOTATIONS.dataset}`,
          annotation.trim(),
        ),
      );
    }
    if (input.related.status === 'ok') {
      for (const dataset of input.related.datasets) {
        data.push(atField('spec.dependsOn', 'dataset', dataset));
      }
      // Training code catalogued as its own entity is not missing.
      for (const code of input.related.codeEntities) {
        data.push(atField('spec.dependsOn', 'training code', code));
      }
    }
    if (data.length > 0) {
      return outcome(
        'pass',
        'No training code in the repository, but the training data or code is declared.',
        data,
      );
    }
    const shown = training.models.slice(0, MAX_MODELS_SHOWN);
    return outcome(
      'fail',
      `Trained models are committed (${listForMessage(
        shown,
      )}) without the code and data that made them: no training script or notebook and no data reference in the repository.`,
      shown.map(path =>
        atLine({ path }, 'trained model; no training code or data found'),
      ),
    );
  }),
);
