import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../../src/domain/policy.ts';
import { describeSetting, parsePolicyWords } from '../../../src/domain/policy-words.ts';

describe('parsePolicyWords', () => {
  it('gives the SPEC defaults with no words', () => {
    expect(parsePolicyWords([])).toEqual(DEFAULT_POLICY);
  });

  it.each([
    ['budget=200', { budget: 200 }],
    ['budget=$200', { budget: 200 }],
    ['budget=1.5k', { budget: 1500 }],
    ['budget=$1,250.50', { budget: 1250.5 }],
    ['min_high_risk=70%', { min_high_risk: 0.7 }],
    ['min_high_risk=0.7', { min_high_risk: 0.7 }],
    ['email_cap=0', { email_cap: 0 }],
    ['premium_segment=Family', { premium_segment: 'Family' }],
    ['holdout=10%', { holdout: 0.1 }],
    ['objective=churn_reduction', { objective: 'churn_reduction' }],
    ['weeks=4', { weeks: 4 }],
    ['horizon_budget=$2.4k', { horizon_budget: 2400 }],
  ])('reads %s', (word, expected) => {
    expect(parsePolicyWords([word])).toEqual({ ...DEFAULT_POLICY, ...expected });
  });

  it.each([
    ['bugdet=200', /unknown key "bugdet" \(did you mean budget\?\); keys are budget, email_cap/],
    ['budget=lots', /budget must be dollars >= 0, e\.g\. 200, \$200, 1\.5k; got "lots"/],
    ['budget=-5', /budget must be dollars/],
    ['budget=6000000000', /budget must be at most 1,000,000,000 dollars; got "6000000000"/],
    ['budget=2000M', /budget must be at most 1,000,000,000 dollars; got "2000M"/],
    ['email_cap=1000000001', /email_cap must be at most 1,000,000,000; got "1000000001"/],
    ['horizon_budget=20000000000', /horizon_budget must be at most 10,000,000,000 dollars/],
    ['min_high_risk=140%', /min_high_risk must be a share 0\.\.1 or 0%\.\.100%; got "140%"/],
    ['email_cap=2.5', /email_cap must be a whole number >= 0/],
    ['holdout=60%', /holdout must be a share 0\.\.0\.5/],
    ['weeks=0', /weeks must be a whole number of weeks 1\.\.8; got "0"/],
    ['weeks=9', /weeks must be a whole number of weeks 1\.\.8; got "9"/],
    ['weeks=2.5', /weeks must be a whole number of weeks 1\.\.8/],
    ['horizon_budget=-5', /horizon_budget must be dollars >= 0/],
    ['objective=profit', /objective must be net_value, retained_clv or churn_reduction/],
    ['budget', /"budget" is not key=value/],
  ])('refuses %s with what is accepted', (word, message) => {
    expect(() => parsePolicyWords([word])).toThrow(message);
  });

  it('refuses a key given twice', () => {
    expect(() => parsePolicyWords(['budget=100', 'budget=200'])).toThrow(/budget is given twice/);
  });
});

describe('a long bad value (issue 21: a 100 KB value was echoed back whole)', () => {
  const huge = 'x'.repeat(100_000);

  it.each([
    [`budget=${huge}`, /budget must be dollars .*; got "x{60}…" \(100,000 characters\)$/],
    [`premium_segment=${huge}`, /premium_segment must be a segment name; got "x{60}…" \(100,000 characters\)$/],
    [`${huge}=1`, /^unknown key "x{60}…" \(100,000 characters\); keys are/],
    [huge, /^"x{60}…" \(100,000 characters\) is not key=value/],
  ])('names it cut to 60 characters and its length: %#', (word, message) => {
    // Act
    const refused = (() => {
      try {
        parsePolicyWords([word]);
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    })();

    // Assess
    expect(refused).toMatch(message);
    expect(refused.length).toBeLessThan(400);
  });
});

describe('describeSetting', () => {
  it('writes a setting as a person types it: dollars whole or to the cent, shares as percentages', () => {
    expect(describeSetting({ ...DEFAULT_POLICY, budget: 150 }, 'budget')).toBe('budget=$150');
    expect(describeSetting({ ...DEFAULT_POLICY, budget: 12345.5 }, 'budget')).toBe('budget=$12,345.50');
    expect(describeSetting({ ...DEFAULT_POLICY, min_high_risk: 0.9 }, 'min_high_risk')).toBe('min_high_risk=90%');
    expect(describeSetting({ ...DEFAULT_POLICY, email_cap: 1200 }, 'email_cap')).toBe('email_cap=1200');
  });
});
