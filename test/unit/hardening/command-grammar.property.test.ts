import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, POLICY_KEYS, policySchema, type PolicyKey } from '../../../src/domain/policy.ts';
import { MAX_COMMAND_CHARS, parseRetentionCommand, splitCommandWords } from '../../../src/slack/command-grammar.ts';
import { SLACK_BASE_POLICY } from '../../../src/domain/policy.ts';
import { expectClose } from '../../support/expect-close.ts';

const KEYS = Object.keys(POLICY_KEYS) as PolicyKey[];

/** A value of the right kind for a key, in any of the spellings users type, sometimes out of range. */
function valueFor(key: PolicyKey): fc.Arbitrary<string> {
  switch (POLICY_KEYS[key].kind) {
    case 'dollars':
      return fc.oneof(
        fc.integer({ min: -5, max: 100_000 }).map(String),
        fc.integer({ min: 0, max: 999 }).map((n) => `$${n}`),
        fc.constantFrom('1.5k', '2k', '$0', 'lots'),
      );
    case 'count':
      return fc.oneof(fc.integer({ min: -2, max: 500 }).map(String), fc.constantFrom('1.5', 'ten'));
    case 'share':
    case 'probability':
      return fc.oneof(
        fc.double({ min: -0.2, max: 1.2, noNaN: true }).map((x) => String(Math.round(x * 1000) / 1000)),
        fc.integer({ min: -10, max: 120 }).map((n) => `${n}%`),
      );
    case 'objective':
      return fc.constantFrom('net_value', 'retained_clv', 'churn_reduction', 'profit');
    case 'text':
      return fc.constantFrom('Premium', 'Family', 'Gold', '');
  }
}

const policyWord = fc.constantFrom(...KEYS).chain((key) => valueFor(key).map((value) => `${key}=${value}`));

/** Command text as people (and attackers) type it: key=value words, subcommands, noise, smart quotes, odd spaces. */
const commandText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ minLength: 900, maxLength: 1200 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc
    .array(
      fc.oneof(
        policyWord,
        fc.constantFrom(
          'help',
          'status',
          'sweep',
          'HELP',
          '=',
          '==',
          'budget',
          'budget=',
          '=200',
          '“budget=200”',
          'budget = 200',
          '\u00a0',
          '\u200b',
        ),
      ),
      { maxLength: 8 },
    )
    .map((words) => words.join(' ')),
);

describe('the /retention grammar on any text (property)', () => {
  it('never throws: every text is a plan with a valid policy, or a named subcommand, or a refusal that says why', () => {
    fc.assert(
      fc.property(commandText, fc.constantFrom(DEFAULT_POLICY, SLACK_BASE_POLICY), (text, base) => {
        const command = parseRetentionCommand(text, base);
        expect(typeof command.kind).toBe('string');
        if (command.kind === 'plan') expect(policySchema.safeParse(command.policy).success).toBe(true);
        if (text.length > MAX_COMMAND_CHARS) expect(command.kind).toBe('refused');
        if (command.kind === 'refused') {
          expect(command.message.length).toBeGreaterThan(10);
          expect(command.message.length).toBeLessThan(3000);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('a plan’s words, typed back, give the same policy', () => {
    fc.assert(
      fc.property(fc.array(policyWord, { maxLength: 6 }), (words) => {
        const first = parseRetentionCommand(words.join(' '));
        fc.pre(first.kind === 'plan');
        if (first.kind !== 'plan') return;
        const again = parseRetentionCommand(first.words.join(' '));
        expect(again.kind).toBe('plan');
        if (again.kind !== 'plan') return;
        for (const key of KEYS) {
          const a = first.policy[key];
          const b = again.policy[key];
          if (typeof a === 'number' && typeof b === 'number')
            expectClose(b, a, { absolute: 1e-9 * Math.max(1, Math.abs(a)) }, `${key} after a round trip`);
          else expect(b).toEqual(a);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses text over the length limit, saying how long it was, before reading it', () => {
    // Act
    const command = parseRetentionCommand(`budget=200 ${' '.repeat(5000)}`);

    // Assess
    expect(command).toEqual({
      kind: 'refused',
      message: expect.stringContaining('the command is 5,011 characters long; `/retention` reads at most 1,000'),
    });
  });

  it('an empty or blank text plans with the default policy', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(' ', '\t', '\u00a0', '\u2003', '\u3000'), { maxLength: 10 }), (blanks) => {
        expect(splitCommandWords(blanks.join(''))).toEqual([]);
        expect(parseRetentionCommand(blanks.join(''))).toEqual({
          kind: 'plan',
          policy: { ...DEFAULT_POLICY },
          words: [],
        });
      }),
    );
  });
});
