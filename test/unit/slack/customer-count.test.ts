import { describe, expect, it } from 'vitest';
import { countCustomers, EXACT_COUNT_MAX_BYTES } from '../../../src/slack/customer-count.ts';
import { createLocalStore } from '../../../src/storage/local-store.ts';
import { predictionsParquet } from '../../fixtures/storage/predictions-parquet.ts';
import { tempDirForTest } from '../../support/temp-dir.ts';

async function storeWith(files: Record<string, string | Uint8Array>) {
  const root = await tempDirForTest('count-');
  const store = createLocalStore(root);
  for (const [key, body] of Object.entries(files)) await store.put(key, body);
  return { store, infos: await store.list('predictions/') };
}

const rows = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => `C${100_000 + from + i},0.5,Premium,100.00`).join('\n');

describe('countCustomers', () => {
  it('counts Parquet files exactly from their footers (newlines in binary were counted as rows)', async () => {
    // Prepare
    const { store, infos } = await storeWith({
      'predictions/2026-11-16/a.parquet': predictionsParquet(1500, { idPrefix: 'A' }),
      'predictions/2026-11-16/b.parquet': predictionsParquet(700, { idPrefix: 'B' }),
    });

    // Act
    const counted = await countCustomers(store, infos);

    // Assess
    expect(counted).toEqual({ count: 2200, exact: true });
  });

  it('counts the rows of small files exactly, one header per file, with or without a final newline', async () => {
    // Prepare
    const { store, infos } = await storeWith({
      'predictions/2026-11-16/a.csv': `customer_id,p,subscription_type,clv\n${rows(3)}\n`,
      'predictions/2026-11-16/b.csv': `customer_id,p,subscription_type,clv\r\n${rows(2, 10)}`,
    });

    // Act
    const counted = await countCustomers(store, infos);

    // Assess
    expect(counted).toEqual({ count: 5, exact: true });
  });

  it('estimates a large file from its size and the first 64 KiB, within 2%', async () => {
    // Prepare
    const n = 60_000;
    const body = `customer_id,p,subscription_type,clv\n${rows(n)}\n`;
    expect(body.length).toBeGreaterThan(EXACT_COUNT_MAX_BYTES);
    const { store, infos } = await storeWith({ 'predictions/2026-11-16/big.csv': body });

    // Act
    const counted = await countCustomers(store, infos);

    // Assess
    expect(counted.exact).toBe(false);
    expect(Math.abs(counted.count - n) / n).toBeLessThan(0.02);
  });
});
