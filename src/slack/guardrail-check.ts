import type { SweepSpec } from '../analytics/sweep-spec.ts';
import type { Policy } from '../domain/policy.ts';
import { checkGuardrails, type Guardrails } from '../approvals/governance.ts';
import type { RetentionCommand } from './command-grammar.ts';

/** Every policy a command would solve: the plan's, both scenarios, or a sweep's base and both ends of its range. */
export function policiesToSolve(command: RetentionCommand): Policy[] {
  switch (command.kind) {
    case 'plan':
      return [command.policy];
    case 'compare':
      return command.scenarios.map((scenario) => scenario.policy);
    case 'sweep':
      return sweepEnds(command.policy, command.spec);
    default:
      return [];
  }
}

function sweepEnds(policy: Policy, spec: SweepSpec): Policy[] {
  const values = [spec.values[0], spec.values[spec.values.length - 1]];
  return [policy, ...values.map((value) => ({ ...policy, [spec.key]: value }))];
}

/**
 * The refusal of a command that would solve a policy outside the configured guardrails
 * (POLICY_GUARDRAILS), naming each key and its allowed range; undefined when every value is
 * inside them. Pure; nothing is run for a refused command.
 */
export function guardrailRefusal(command: RetentionCommand, guardrails: Guardrails | undefined): string | undefined {
  if (!guardrails || Object.keys(guardrails).length === 0) return undefined;
  const messages = new Set(
    policiesToSolve(command).flatMap((policy) => checkGuardrails(policy, guardrails).map((breach) => breach.message)),
  );
  if (messages.size === 0) return undefined;
  return `:no_entry: ${[...messages].join('; ')}. Nothing was run; the guardrails are set by an admin (POLICY_GUARDRAILS).`;
}
