import { retryOnDeadlock } from './retryOnDeadlock';

const deadlock = () =>
  Object.assign(new Error('deadlock detected'), { code: '40P01' });

describe('retryOnDeadlock', () => {
  it('runs a statement again after a deadlock, and returns its result', async () => {
    let runs = 0;
    const result = await retryOnDeadlock(async () => {
      runs += 1;
      if (runs < 3) throw deadlock();
      return 'done';
    });
    expect(result).toBe('done');
    expect(runs).toBe(3);
  });

  it('gives up after the attempts allowed', async () => {
    let runs = 0;
    await expect(
      retryOnDeadlock(async () => {
        runs += 1;
        throw deadlock();
      }, 2),
    ).rejects.toThrow('deadlock detected');
    expect(runs).toBe(2);
  });

  it('does not run a statement again after any other error', async () => {
    let runs = 0;
    await expect(
      retryOnDeadlock(async () => {
        runs += 1;
        throw Object.assign(new Error('no such table'), { code: '42P01' });
      }),
    ).rejects.toThrow('no such table');
    expect(runs).toBe(1);
  });
});
