import { entitySearchRows } from './entitySearchRows';

describe('entitySearchRows', () => {
  it("keeps what the catalog's permission rules can ask about, lower-cased", () => {
    const rows = entitySearchRows({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'Detector',
        uid: 'u-1',
        tags: ['Python', 'python'],
        labels: { Tier: 'Gold' },
        annotations: { 'example.com/long': 'x'.repeat(201) },
        links: [],
      },
      spec: { type: 'service', owner: 'team', replicas: 2, extra: null },
      relations: [
        { type: 'ownedBy', targetRef: 'group:default/Team' },
        { type: 'partOf', targetRef: 'system:default/x' },
      ],
    });
    expect(rows).toEqual(
      expect.arrayContaining([
        { key: 'kind', value: 'component' },
        { key: 'metadata.name', value: 'detector' },
        // No namespace: a row without value and one with the default, as
        // the catalog keeps it.
        { key: 'metadata.namespace', value: null },
        { key: 'metadata.namespace', value: 'default' },
        { key: 'metadata.uid', value: 'u-1' },
        { key: 'metadata.tags', value: 'python' },
        { key: 'metadata.tags.python', value: 'true' },
        { key: 'metadata.labels.tier', value: 'gold' },
        { key: 'metadata.annotations.example.com/long', value: null },
        { key: 'spec.type', value: 'service' },
        { key: 'spec.owner', value: 'team' },
        { key: 'spec.replicas', value: '2' },
        { key: 'spec.extra', value: null },
        { key: 'relations.ownedby', value: 'group:default/team' },
      ]),
    );
    // Each (key, value) once; other relations and apiVersion left out.
    expect(rows.filter(r => r.key === 'metadata.tags')).toHaveLength(1);
    expect(rows.some(r => r.key === 'relations.partof')).toBe(false);
    expect(rows.some(r => r.key === 'apiversion')).toBe(false);
    expect(rows).toHaveLength(14);
  });

  it("leaves out ml-patterns' own annotations, stamps and inputs alike", () => {
    const rows = entitySearchRows({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'detector',
        annotations: {
          'ml-patterns.io/grade': 'C',
          'ML-Patterns.io/Score': '70',
          'ml-patterns.io/scope': 'model-server',
          'backstage.io/source-location': 'url:https://example.com/repo',
        },
      },
    });
    expect(rows.filter(r => r.key.includes('ml-patterns.io'))).toEqual([]);
    expect(rows).toContainEqual({
      key: 'metadata.annotations.backstage.io/source-location',
      value: 'url:https://example.com/repo',
    });
  });
});
