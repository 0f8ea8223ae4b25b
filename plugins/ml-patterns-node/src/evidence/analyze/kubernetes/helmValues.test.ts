import {
  chartValuesLookup,
  lookUpValue,
  templateReference,
} from './helmValues';

describe('Helm values of a template expression', () => {
  const values =
    'image:\n  tag: "1.2"\nmodel:\n  id: org/name\nlist:\n  - modelURL: a/b\n';

  it('follows .Values paths and finds a range field by its key', () => {
    expect(templateReference('  - {{ .Values.model.id | quote }}')).toEqual([
      'Values',
      'model',
      'id',
    ]);
    expect(
      lookUpValue('values.yaml', values, ['Values', 'model', 'id']),
    ).toEqual({
      path: 'values.yaml',
      line: 4,
      key: 'Values.model.id',
      value: 'org/name',
    });
    expect(
      lookUpValue(
        'values.yaml',
        values,
        templateReference('{{ $m.modelURL }}')!,
      ),
    ).toEqual({ path: 'values.yaml', line: 6, key: 'modelURL', value: 'a/b' });
  });

  it('gives nothing for a line without an expression or a missing key', () => {
    expect(templateReference('- vllm')).toBeUndefined();
    expect(
      lookUpValue('values.yaml', values, ['Values', 'nope']),
    ).toBeUndefined();
  });

  it('reads the value of a condition: an unset key is nil, a key under a missing map cannot be told', () => {
    const lookUp = chartValuesLookup('values.yaml', values);
    expect(lookUp(['image', 'tag'])).toEqual({
      found: true,
      value: '1.2',
      line: 2,
    });
    expect(lookUp(['model', 'gpu'])).toEqual({ found: true, value: null });
    expect(lookUp(['server', 'gpu'])).toEqual({ found: false });
    expect(lookUp(['list'])).toEqual({
      found: true,
      value: [{ modelURL: 'a/b' }],
      line: 6,
    });
    // Values that cannot be read tell nothing.
    expect(chartValuesLookup('values.yaml', 'a: [\n')(['a'])).toEqual({
      found: false,
    });
  });
});
