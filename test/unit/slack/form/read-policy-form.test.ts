import { describe, expect, it } from 'vitest';
import { SLACK_BASE_POLICY } from '../../../../src/domain/policy.ts';
import { readPolicyForm, type FormState } from '../../../../src/slack/form/read-policy-form.ts';

const typed = (value: string) => ({ value: { type: 'plain_text_input', value } });
const chosen = (value: string) => ({ value: { type: 'static_select', selected_option: { value } } });

describe('reading the policy form', () => {
  it('keeps the Slack default for a field left empty, and plans with the words typed', () => {
    // Prepare
    const state: FormState = { 'policy:budget': typed('1.5k'), 'policy:holdout': typed(''), run: chosen('plan') };

    // Act
    const reading = readPolicyForm(state);

    // Assess
    expect(reading).toEqual({
      ok: true,
      command: { kind: 'plan', policy: { ...SLACK_BASE_POLICY, budget: 1500 }, words: ['budget=1500'] },
    });
  });

  it('ignores the swept key’s own field, even when it is bad, and sweeps over the range', () => {
    // Prepare
    const state: FormState = {
      'policy:budget': typed('lots'),
      run: chosen('budget'),
      sweep_range: typed('100..300:3'),
    };

    // Act
    const reading = readPolicyForm(state);

    // Assess
    expect(reading.ok && reading.command.kind === 'sweep' && reading.command.spec.values).toEqual([100, 200, 300]);
  });

  it('gives every bad field its own error at once', () => {
    // Prepare
    const state: FormState = { 'policy:budget': typed('lots'), 'policy:email_cap': typed('-1'), run: chosen('plan') };

    // Act
    const reading = readPolicyForm(state);

    // Assess
    expect(reading.ok ? [] : Object.keys(reading.errors)).toEqual(['policy:budget', 'policy:email_cap']);
  });
});
