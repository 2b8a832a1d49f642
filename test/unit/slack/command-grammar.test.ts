import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, POLICY_KEYS } from '../../../src/domain/policy.ts';
import { parseRetentionCommand, splitCommandWords } from '../../../src/slack/command-grammar.ts';
import { policyWords } from '../../../src/domain/policy-words.ts';
import { renderHelp } from '../../../src/slack/blocks/messages.ts';

describe('parseRetentionCommand', () => {
  it('plans with the defaults when no words are given', () => {
    // Act
    const command = parseRetentionCommand('   ');

    // Assess
    expect(command).toEqual({ kind: 'plan', policy: { ...DEFAULT_POLICY }, words: [] });
  });

  it('reads key=value words, tolerating spaces around = and smart quotes', () => {
    // Act
    const command = parseRetentionCommand('budget = $1.5k min_high_risk=“70%” premium_segment=Family');

    // Assess
    expect(command.kind).toBe('plan');
    if (command.kind !== 'plan') return;
    expect(command.policy.budget).toBeCloseTo(1500, 9);
    expect(command.policy.min_high_risk).toBeCloseTo(0.7, 9);
    expect(command.policy.premium_segment).toBe('Family');
    expect(command.words).toEqual(['budget=1500', 'min_high_risk=70%', 'premium_segment=Family']);
  });

  it.each([
    ['help', { kind: 'help' }],
    ['HELP', { kind: 'help' }],
    ['status', { kind: 'status' }],
    ['plan', { kind: 'plan', policy: { ...DEFAULT_POLICY }, words: [] }],
    ['plan budget=200', { kind: 'plan', policy: { ...DEFAULT_POLICY, budget: 200 }, words: ['budget=200'] }],
  ])('recognises the subcommand %s', (text, expected) => {
    expect(parseRetentionCommand(text)).toEqual(expected);
  });

  it.each([
    ['budgte=200', /unknown key "budgte" \(did you mean budget\?\)/],
    ['budget=lots', /budget must be dollars >= 0.*got "lots"/],
    ['budget=100 budget=200', /budget is given twice/],
    ['holdout=0.9', /holdout must be a share 0\.\.0\.5/],
    ['status budget=200', /`\/retention status` takes no other words; remove "budget=200"/],
    ['sweep', /`\/retention sweep` needs a range, e.g. `\/retention sweep budget=150..1000`/],
    ['sweep budget=100..300:1', /`\/retention sweep` needs 2 to 40 levels; got 1/],
    ['sweep premium_segment=a..b', /premium_segment is not a number and cannot be swept/],
    ['sweep budget=100..300 budget=200', /budget is swept; do not also set it/],
    ['compare budget=150', /needs two scenarios separated by "\|"/],
    ['compare budget=150 | budgte=250', /unknown key "budgte"/],
    ['uplift now', /`\/retention uplift` takes no other words/],
    ['history 0', /`\/retention history` takes at most one number, 1 to 40/],
    ['plans', /"plans" is neither a subcommand/],
    ['plan budgte=1', /unknown key "budgte"/],
    // Regression (found by the grammar property test): "key = value" spacing joined an empty
    // segment name to the next word, and the policy's own words then parsed differently.
    ['premium_segment= premium_segment=', /premium_segment must be a segment name/],
  ])('refuses "%s" naming what is wrong', (text, message) => {
    // Act
    const command = parseRetentionCommand(text);

    // Assess
    expect(command.kind).toBe('refused');
    if (command.kind === 'refused') expect(command.message).toMatch(message);
  });
  it.each([
    [`budget=${'9'.repeat(900)}x`, /got "9{60}…" \(901 characters\)/],
    [`status ${'w'.repeat(900)}`, /remove "w{60}…" \(900 characters\)/],
    [`${'q'.repeat(900)}`, /^"q{60}…" \(900 characters\) is neither a subcommand/],
    [`history ${'1'.repeat(900)}`, /got "1{60}…" \(900 characters\)/],
  ])('names a 900-character bad word cut to 60 characters (issue 21: echoed whole): %#', (text, message) => {
    // Act
    const command = parseRetentionCommand(text);

    // Assess
    expect(command.kind).toBe('refused');
    if (command.kind !== 'refused') return;
    expect(command.message).toMatch(message);
    expect(command.message.length).toBeLessThan(400);
  });
});

describe('splitCommandWords', () => {
  it('splits on any whitespace, non-breaking spaces included', () => {
    expect(splitCommandWords('budget=200\u00a0 email_cap=10\tpush_cap = 5')).toEqual([
      'budget=200',
      'email_cap=10',
      'push_cap=5',
    ]);
  });
});

describe('policyWords', () => {
  it('writes shares as percentages a person can type back', () => {
    expect(policyWords({ ...DEFAULT_POLICY, min_high_risk: 0.75, holdout: 0.1, email_cap: 90 })).toEqual([
      'email_cap=90',
      'min_high_risk=75%',
      'holdout=10%',
    ]);
  });
});

describe('renderHelp', () => {
  it('lists every policy key with its default, what it accepts and an example', () => {
    // Act
    const text = JSON.stringify(renderHelp().blocks);

    // Assess
    for (const [key, spec] of Object.entries(POLICY_KEYS)) {
      expect(text).toContain(`\`${key}\` (default `);
      expect(text).toContain(spec.accepted);
      expect(text).toContain(spec.example);
    }
    expect(text).toContain('(default 60%)');
    expect(text).toContain('(default Premium)');
  });
});
