import { describe, expect, it } from 'vitest';
import { treatmentActions } from '../../../src/domain/catalog.ts';
import { buildLinkingRows } from '../../../src/solver/linking-rows.ts';
import { membershipClasses } from '../../../src/solver/membership.ts';
import { randomInstance, rng } from '../../support/random-instance.ts';

describe('the classes of customers by the member rows they belong to', () => {
  it.each(Array.from({ length: 12 }, (_, s) => 700 + s))(
    'are the same when the rows’ builder numbers them as when the member rows are scanned (seed %i)',
    (seed) => {
      // Prepare: some customers rest, and every third week names a premium segment it lacks
      const { predictions, catalog, policy } = randomInstance(seed, 300, 4);
      const random = rng(seed + 1);
      const resting = Uint8Array.from({ length: 300 }, () => (random() < 0.2 ? 1 : 0));
      const premium_segment = seed % 3 === 0 ? 'Gold' : policy.premium_segment;

      // Act
      const rows = buildLinkingRows(predictions, treatmentActions(catalog), { ...policy, premium_segment }, resting);
      const remembered = membershipClasses(300, rows);
      const copies = rows.map((row) => ({ ...row, members: row.members?.slice() ?? null }));
      const scanned = membershipClasses(300, copies);

      // Assess
      expect(remembered).not.toBe(scanned);
      expect(remembered.count).toBe(scanned.count);
      expect(Array.from(remembered.classOf)).toEqual(Array.from(scanned.classOf));
      expect(Array.from(remembered.firstOfClass)).toEqual(Array.from(scanned.firstOfClass));
    },
  );
});
