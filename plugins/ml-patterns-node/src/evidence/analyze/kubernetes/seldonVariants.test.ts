import { text } from '../__testUtils__/files';
import { allInOneOf as allInOne } from '../__testUtils__/allInOneOf';

/**
 * A SeldonDeployment's A/B graph: the router is no model, and graph
 * models running their own containers of one image, configured alike,
 * are variants of one model (one per container), while different images
 * are different models.
 */
function abTest(second: string): string {
  return text`
    apiVersion: machinelearning.seldon.io/v1
    kind: SeldonDeployment
    metadata:
      name: sentiment
    spec:
      predictors:
        - name: main
          componentSpecs:
            - spec:
                containers:
                  - name: variant-a
                    image: registry.example/sentiment:1.4
                  - name: variant-b
                    image: ${second}
          graph:
            name: split
            implementation: RANDOM_ABTEST
            children:
              - name: variant-a
                type: MODEL
              - name: variant-b
                type: MODEL
  `;
}

describe('Seldon A/B graphs', () => {
  it('counts two containers of the same image behind an A/B router as one model', () => {
    const { verdict, at, notes } = allInOne({
      'k8s/ab.yaml': abTest('registry.example/sentiment:1.4'),
    });
    expect(verdict).toBe('pass');
    expect(at).toEqual(['k8s/ab.yaml:7', 'k8s/ab.yaml:19', 'k8s/ab.yaml:21']);
    expect(notes[0]).toBe('other sentiment/main loads one model');
    expect(notes[2]).toBe(
      'Seldon graph model variant-b: the same model as variant-a, its own container of the same image registry.example/sentiment:1.4',
    );
  });

  it('counts containers of two different images behind the router as two models', () => {
    const { verdict, at } = allInOne({
      'k8s/ab.yaml': abTest('registry.example/toxicity:0.2'),
    });
    expect(verdict).toBe('fail');
    expect(at).toEqual(['k8s/ab.yaml:7', 'k8s/ab.yaml:19', 'k8s/ab.yaml:21']);
  });
});
