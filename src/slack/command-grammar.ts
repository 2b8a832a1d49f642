import { parseSweepSpec, type SweepSpec } from '../analytics/sweep-spec.ts';
import { isPlannerError } from '../domain/errors.ts';
import { DEFAULT_POLICY, type Policy } from '../domain/policy.ts';
import { parsePolicyWords, policyWords } from '../domain/policy-words.ts';
import { quoteInput } from '../domain/quote.ts';
import { formatNumber } from '../domain/format-number.ts';

/**
 * Longest command text read: 1,000 characters. Every key of a policy twice over (a compare)
 * fits in about 600; longer text is refused before it is split, so a pasted file or a
 * megabyte of spaces costs nothing.
 */
export const MAX_COMMAND_CHARS = 1000;

/** Most runs `/retention history N` lists (each is one section; Slack allows 50 blocks). */
export const MAX_HISTORY_ENTRIES = 40;

/** One scenario of `/retention compare`: its full policy and the words that made it. */
export interface Scenario {
  policy: Policy;
  words: string[];
}

/** What `/retention ...` asks for: one member per subcommand. */
export type RetentionCommand =
  | { kind: 'plan'; policy: Policy; words: string[] }
  | { kind: 'sweep'; policy: Policy; words: string[]; spec: SweepSpec; specText: string }
  | { kind: 'compare'; scenarios: [Scenario, Scenario] }
  | { kind: 'uplift' }
  | { kind: 'calibrate' }
  | { kind: 'history'; limit: number }
  | { kind: 'help' }
  | { kind: 'status' }
  | { kind: 'refused'; message: string };

type Parser = (rest: string[], base: Readonly<Policy>) => RetentionCommand;

function refuse(message: string): RetentionCommand {
  return { kind: 'refused', message };
}

function refuseExtra(name: string, rest: string[]): RetentionCommand {
  return refuse(`\`/retention ${name}\` takes no other words; remove ${quoteInput(rest.join(' '))}`);
}

const noWords =
  (name: string, command: RetentionCommand): Parser =>
  (rest) =>
    rest.length === 0 ? command : refuseExtra(name, rest);

/** Runs `parse`, turning BAD_POLICY errors into a refusal that ends with a pointer to help. */
function policyOrRefusal(
  parse: () => RetentionCommand,
  rewrite: (message: string) => string = (m) => m,
): RetentionCommand {
  try {
    return parse();
  } catch (error) {
    if (isPlannerError(error) && error.code === 'BAD_POLICY')
      return refuse(`${rewrite(error.message)}. See \`/retention help\`.`);
    throw error;
  }
}

const parseSweep: Parser = (rest, base) => {
  const [specText, ...others] = rest;
  if (specText === undefined)
    return refuse(
      '`/retention sweep` needs a range, e.g. `/retention sweep budget=150..1000` (12 levels) or `budget=150..1000:6:log`',
    );
  return policyOrRefusal(
    () => {
      const spec = parseSweepSpec(specText);
      if (others.some((word) => word.toLowerCase().startsWith(`${spec.key}=`)))
        return refuse(`${spec.key} is swept; do not also set it`);
      const policy = parsePolicyWords(others, base);
      return { kind: 'sweep', policy, words: policyWords(policy, base), spec, specText };
    },
    (message) => message.replace(/^--sweep /, '`/retention sweep` '),
  );
};

const parseCompare: Parser = (rest, base) => {
  const sides = rest
    .join(' ')
    .split('|')
    .map((side) => splitCommandWords(side));
  if (sides.length !== 2)
    return refuse(
      '`/retention compare` needs two scenarios separated by "|", e.g. `/retention compare budget=150 | budget=250 min_high_risk=70%`',
    );
  return policyOrRefusal(() => {
    const [a, b] = sides.map((words) => parsePolicyWords(words, base));
    return {
      kind: 'compare',
      scenarios: [
        { policy: a, words: policyWords(a, base) },
        { policy: b, words: policyWords(b, base) },
      ],
    };
  });
};

const parseHistory: Parser = (rest) => {
  if (rest.length === 0) return { kind: 'history', limit: 10 };
  const limit = Number(rest[0]);
  if (rest.length > 1 || !Number.isInteger(limit) || limit < 1 || limit > MAX_HISTORY_ENTRIES) {
    return refuse(
      `\`/retention history\` takes at most one number, 1 to ${MAX_HISTORY_ENTRIES} (how many runs); got ${quoteInput(rest.join(' '))}`,
    );
  }
  return { kind: 'history', limit };
};

/** `/retention plan [key=value ...]`: a plan straight away (plain `/retention` opens the form instead). */
const parsePlan: Parser = (rest, base) =>
  policyOrRefusal(() => {
    const policy = parsePolicyWords(rest, base);
    return { kind: 'plan', policy, words: policyWords(policy, base) };
  });

const SUBCOMMANDS: Record<string, Parser> = {
  plan: parsePlan,
  help: noWords('help', { kind: 'help' }),
  status: noWords('status', { kind: 'status' }),
  sweep: parseSweep,
  compare: parseCompare,
  uplift: noWords('uplift', { kind: 'uplift' }),
  calibrate: noWords('calibrate', { kind: 'calibrate' }),
  history: parseHistory,
};

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
 * a key given twice, a bad sweep range and subcommands given extra words come back as
 * `refused` with a message that names what is wrong and what is accepted; nothing runs for them.
 * `base` is the policy that words change (the defaults here; {@link SLACK_BASE_POLICY} in Slack).
 */
export function parseRetentionCommand(text: string, base: Readonly<Policy> = DEFAULT_POLICY): RetentionCommand {
  if (text.length > MAX_COMMAND_CHARS) {
    return refuse(
      `the command is ${formatNumber(text.length)} characters long; \`/retention\` reads at most ${formatNumber(MAX_COMMAND_CHARS)}. Nothing ran; see \`/retention help\`.`,
    );
  }
  const words = splitCommandWords(text);
  const first = words[0]?.toLowerCase();
  if (first !== undefined && !first.includes('=')) {
    const subcommand = Object.hasOwn(SUBCOMMANDS, first) ? SUBCOMMANDS[first] : undefined;
    if (subcommand) return subcommand(words.slice(1), base);
    const known = Object.keys(SUBCOMMANDS).join(', ');
    return refuse(
      `${quoteInput(words[0])} is neither a subcommand (${known}) nor key=value; try \`/retention budget=200\` or \`/retention help\``,
    );
  }
  return parsePlan(words, base);
}
