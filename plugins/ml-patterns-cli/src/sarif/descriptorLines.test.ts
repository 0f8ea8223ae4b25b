import { Entity } from '@backstage/catalog-model';
import { descriptorLines } from './descriptorLines';

const TEXT = `apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: fraud-model
spec:
  type: ml-model
  owner: group:risk
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: fraud-scoring
  annotations:
    backstage.io/source-location: url:https://example.com/o/r/tree/main/
spec:
  type: model-server
  owner: user:default/alice
`;

function entity(kind: string, name: string): Entity {
  return { apiVersion: 'backstage.io/v1alpha1', kind, metadata: { name } };
}

describe('descriptorLines', () => {
  it("finds the entity's own document and the lines of its fields", () => {
    const lines = descriptorLines(TEXT, entity('Component', 'fraud-scoring'));
    expect(lines.entity).toBe(12);
    expect(lines.field('spec.owner')).toBe(17);
    expect(
      lines.field('metadata.annotations.backstage.io/source-location'),
    ).toBe(14);
    expect(lines.field('spec.lifecycle')).toBeUndefined();
    expect(lines.field('relations.dependsOn')).toBeUndefined();

    expect(
      descriptorLines(TEXT, entity('resource', 'FRAUD-MODEL')).entity,
    ).toBe(4);
  });

  it('finds nothing for an entity the text does not hold', () => {
    const lines = descriptorLines(TEXT, entity('Component', 'other'));
    expect(lines.entity).toBeUndefined();
    expect(lines.field('spec.owner')).toBeUndefined();
    expect(descriptorLines('kind: [', entity('Component', 'x')).entity).toBe(
      undefined,
    );
  });
});
