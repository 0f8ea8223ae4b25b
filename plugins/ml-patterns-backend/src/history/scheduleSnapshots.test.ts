import { mockServices } from '@backstage/backend-test-utils';
import { readHistoryRetentionDays } from './scheduleSnapshots';

describe('readHistoryRetentionDays', () => {
  const withDays = (retentionDays: number | string) =>
    mockServices.rootConfig({
      data: { mlPatterns: { history: { retentionDays } } },
    });

  it('keeps 400 days unless told otherwise', () => {
    expect(readHistoryRetentionDays(mockServices.rootConfig())).toBe(400);
    expect(readHistoryRetentionDays(withDays(90))).toBe(90);
  });

  it.each([0, -5, 1.5, 'a year'])('refuses %p', days => {
    expect(() => readHistoryRetentionDays(withDays(days))).toThrow(
      /mlPatterns.history.retentionDays/,
    );
  });
});
