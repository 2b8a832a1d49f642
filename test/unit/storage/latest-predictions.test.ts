import { describe, expect, it } from 'vitest';
import type { ObjectInfo, ObjectStore } from '../../../src/storage/object-store.ts';
import { findLatestPredictions, groupPartitions, isCalendarDate } from '../../../src/storage/latest-predictions.ts';

const info = (key: string): ObjectInfo => ({ key, size: 10 });

/** A store that only lists: discovery must not read any object. */
function listingStore(keys: string[], where = 's3://bucket/team-a'): ObjectStore {
  const refuse = () => Promise.reject(new Error('discovery must only list'));
  return {
    describe: (key) => (key === '' ? where : `${where}/${key}`),
    list: async (prefix) =>
      keys
        .filter((key) => key.startsWith(prefix))
        .sort()
        .map(info),
    get: refuse,
    put: refuse,
    putIfAbsent: refuse,
    link: refuse,
  };
}

const DECOYS = [
  'predictions/2026-03-09/notes.txt',
  'predictions/2026-03-16/deeper/week.csv',
  'predictions/2026-13-01/week.csv',
  'predictions/2026-02-30/week.csv',
  'predictions/2026-3-20/week.csv',
  'predictions/2026-04-01/.hidden.csv',
  'predictions/2026-04-02/',
  'predictions/latest.csv',
  'latest.csv',
  'plans/20260401-120000-abcdef/plan.csv',
  'exports/2026-04-03/20260401-120000-abcdef.csv',
  'old-predictions/2026-05-01/week.csv',
];

describe('isCalendarDate', () => {
  it.each([
    ['2024-02-29', true],
    ['2026-02-28', true],
    ['2026-02-29', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-04-31', false],
    ['2026-4-01', false],
    ['20260401', false],
  ])('%s is a real date: %s', (text, expected) => {
    expect(isCalendarDate(text)).toBe(expected);
  });
});

describe('findLatestPredictions', () => {
  it('picks the newest valid date partition and ignores every decoy', async () => {
    // Prepare
    const store = listingStore([
      'predictions/2026-03-02/b.csv',
      'predictions/2026-03-02/a.csv',
      'predictions/2026-02-23/week.csv',
      ...DECOYS,
    ]);
    // Act
    const latest = await findLatestPredictions(store);
    // Assess
    expect(latest.date).toBe('2026-03-02');
    expect(latest.prefix).toBe('predictions/2026-03-02/');
    expect(latest.files.map((f) => f.key)).toEqual(['predictions/2026-03-02/a.csv', 'predictions/2026-03-02/b.csv']);
  });

  it('also accepts a prefix that points straight at the predictions folder', async () => {
    // Prepare
    const store = listingStore([
      '2026-03-02/week.csv',
      '2026-03-09/week.CSV',
      '2026-03-10/readme.md',
      '2026-03-11/x/week.csv',
    ]);
    // Act
    const latest = await findLatestPredictions(store);
    // Assess
    expect(latest.date).toBe('2026-03-09');
    expect(latest.files.map((f) => f.key)).toEqual(['2026-03-09/week.CSV']);
  });

  it('takes the newest date across both layouts', async () => {
    // Prepare
    const store = listingStore(['predictions/2026-03-02/week.csv', '2026-03-09/week.csv']);
    // Act
    const latest = await findLatestPredictions(store);
    // Assess
    expect(latest.prefix).toBe('2026-03-09/');
  });

  it('refuses the newest date when both layouts hold it, naming both', async () => {
    // Prepare
    const store = listingStore(['predictions/2026-03-09/week.csv', '2026-03-09/week.csv']);
    // Act
    const attempt = findLatestPredictions(store);
    // Assess
    const error = await attempt.catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringContaining('s3://bucket/team-a/predictions/2026-03-09/'),
    });
    expect(error).toMatchObject({ message: expect.stringContaining('s3://bucket/team-a/2026-03-09/') });
  });

  it('says "no predictions under <location>" when only decoys exist', async () => {
    // Prepare
    const store = listingStore(DECOYS);
    // Act
    const attempt = findLatestPredictions(store);
    // Assess
    await expect(attempt).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('no predictions under s3://bucket/team-a'),
    });
  });

  it('groups partitions newest first', () => {
    // Prepare
    const keys = ['predictions/2025-12-29/a.csv', 'predictions/2026-01-05/a.csv', 'predictions/2025-12-31/a.csv'].map(
      info,
    );
    // Act
    const dates = groupPartitions(keys).map((p) => p.date);
    // Assess
    expect(dates).toEqual(['2026-01-05', '2025-12-31', '2025-12-29']);
  });
});
