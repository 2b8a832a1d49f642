import { isPlannerError } from '../domain/errors.ts';
import { DEFAULT_POLICY, isPolicyKey, parsePolicyWords, POLICY_KEYS, policyDifferences, type Policy } from '../domain/policy.ts';

/**
 * What `/retention ...` asks for. A discriminated union so later subcommands
 * (sweep, compare, uplift, history) are one more member and one more parser entry.
 */
export type RetentionCommand =
  | { kind: 'plan'; policy: Policy; words: string[] }
  | { kind: 'help' }
  | { kind: 'status' }
  | { kind: 'refused'; message: string };

/** Subcommands named in the plan of the product but not built yet; they get a polite refusal. */
const LATER_SUBCOMMANDS = ['sweep', 'compare', 'uplift', 'history'] as const;

const SUBCOMMANDS: Record<string, (rest: string[]) => RetentionCommand> = {
  help: (rest) => (rest.length === 0 ? { kind: 'help' } : refuseExtra('help', rest)),
  status: (rest) => (rest.length === 0 ? { kind: 'status' } : refuseExtra('status', rest)),
};

function refuseExtra(name: string, rest: string[]): RetentionCommand {
  return { kind: 'refused', message: `\`/retention ${name}\` takes no other words; remove "${rest.join(' ')}"` };
}

/**
 * Splits the command text into words. Slack users type `budget = 200`, smart quotes and
 * non-breaking spaces; those are normalised so `key=value` survives.
 */
export function splitCommandWords(text: string): string[] {
  const normalised = text
    .replace(/[\u00a0\u2000-\u200b\u3000]/g, ' ')
    .replace(/[\u2018\u2019\u201c\u201d"']/g, '')
    .replace(/\s*=\s*/g, '=')
    .trim();
  return normalised === '' ? [] : normalised.split(/\s+/);
}

/**
 * Parses the text after `/retention` (pure: no I/O, no clock). Unknown keys, bad values,
 * a key given twice and subcommands mixed with keys come back as `refused` with a message
 * that names the key and what is accepted; nothing runs for them.
 */
export function parseRetentionCommand(text: string, base: Readonly<Policy> = DEFAULT_POLICY): RetentionCommand {
  const words = splitCommandWords(text);
  const first = words[0]?.toLowerCase();
  if (first !== undefined && !first.includes('=')) {
    const subcommand = SUBCOMMANDS[first];
    if (subcommand) return subcommand(words.slice(1));
    if ((LATER_SUBCOMMANDS as readonly string[]).includes(first)) {
      return { kind: 'refused', message: `\`/retention ${first}\` is not available yet; try \`/retention help\`` };
    }
    const known = Object.keys(SUBCOMMANDS).join(', ');
    return {
      kind: 'refused',
      message: `"${words[0]}" is neither a subcommand (${known}) nor key=value; try \`/retention budget=200\` or \`/retention help\``,
    };
  }
  try {
    const policy = parsePolicyWords(words, base);
    return { kind: 'plan', policy, words: policyWords(policy) };
  } catch (error) {
    if (isPlannerError(error) && error.code === 'BAD_POLICY') {
      return { kind: 'refused', message: `${error.message}. See \`/retention help\`.` };
    }
    throw error;
  }
}

/** The policy keys that differ from the defaults, as words a person can type back (`min_high_risk=70%`). */
export function policyWords(policy: Readonly<Policy>): string[] {
  return policyDifferences(policy).map((word) => {
    const eq = word.indexOf('=');
    const key = word.slice(0, eq);
    const kind = isPolicyKey(key) ? POLICY_KEYS[key].kind : 'text';
    return kind === 'share' || kind === 'probability' ? `${key}=${Math.round(Number(word.slice(eq + 1)) * 1e6) / 1e4}%` : word;
  });
}
