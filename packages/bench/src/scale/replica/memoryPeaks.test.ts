import { MemoryPeaks } from './memoryPeaks';

const MIB = 1024 * 1024;
const usage = (rss: number, heapUsed: number, external: number) => ({
  rss: rss * MIB,
  heapUsed: heapUsed * MIB,
  heapTotal: heapUsed * MIB,
  external: external * MIB,
  arrayBuffers: (external / 2) * MIB,
});

describe('MemoryPeaks', () => {
  it('keeps the highest value of each figure, each on its own', () => {
    const peaks = new MemoryPeaks();
    peaks.sample(usage(300, 120, 10));
    peaks.sample(usage(450, 90, 40));
    peaks.sample(usage(400, 150, 20));
    expect(peaks.peaks()).toEqual({
      rss: 450,
      heapUsed: 150,
      external: 40,
      arrayBuffers: 20,
    });
  });

  it('starts over when reset', () => {
    const peaks = new MemoryPeaks();
    peaks.sample(usage(450, 150, 40));
    peaks.reset();
    peaks.sample(usage(320, 100, 12));
    expect(peaks.peaks()).toEqual({
      rss: 320,
      heapUsed: 100,
      external: 12,
      arrayBuffers: 6,
    });
  });

  it('samples the process itself when given nothing', () => {
    const peaks = new MemoryPeaks();
    peaks.sample();
    expect(peaks.peaks().rss).toBeGreaterThan(0);
    expect(peaks.peaks().heapUsed).toBeGreaterThan(0);
  });
});
