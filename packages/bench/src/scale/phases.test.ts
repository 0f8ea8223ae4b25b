import { PHASES, phasesOption } from './phases';

describe('phasesOption', () => {
  it('runs every phase unless told otherwise', () => {
    expect([...phasesOption(['node', 'bench'])]).toEqual([...PHASES]);
  });

  it('runs the phases named', () => {
    expect([
      ...phasesOption(['--entities', '50000', '--phases', 'with']),
    ]).toEqual(['with']);
    expect([...phasesOption(['--phases', 'with,reference'])]).toEqual([
      'with',
      'reference',
    ]);
  });

  it('refuses unknown phases, an empty list, and a reference without the phase it checks', () => {
    expect(() => phasesOption(['--phases', 'with,one'])).toThrow(/not one/);
    expect(() => phasesOption(['--phases'])).toThrow(/comma-separated/);
    expect(() => phasesOption(['--phases', 'reference'])).toThrow(/add with/);
  });
});
