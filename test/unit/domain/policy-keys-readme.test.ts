import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { POLICY_KEYS } from '../../../src/domain/policy.ts';

const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

/** The keys in the first column of the README's "Policy keys" table. */
function documentedKeys(): string[] {
  const section = README.slice(README.indexOf('### Policy keys'));
  const table = section.slice(0, section.indexOf('\n\n', section.indexOf('| key |')));
  return [...table.matchAll(/^\| `([a-z0-9_]+)` \|/gm)].map((match) => match[1]);
}

describe("the README's policy-key table", () => {
  it('lists every key the grammar accepts, and no other', () => {
    expect(documentedKeys().sort()).toEqual(Object.keys(POLICY_KEYS).sort());
  });
});
