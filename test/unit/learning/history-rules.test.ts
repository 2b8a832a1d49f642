import { describe, expect, it, onTestFinished } from 'vitest';
import { DEFAULT_CATALOG, parseCatalog, type Action } from '../../../src/domain/catalog.ts';
import {
  buildContactHistory,
  customerBlocks,
  dateOfDay,
  dayNumber,
  type ContactRecord,
  type HoldoutRecord,
} from '../../../src/domain/history.ts';
import { DEFAULT_POLICY, type Policy } from '../../../src/domain/policy.ts';
import { parsePolicyWords } from '../../../src/domain/policy-words.ts';
import { toJsonResult } from '../../../src/io/json-result.ts';
import { planWeek } from '../../../src/solver/plan-week.ts';
import { solveDecomposition } from '../../../src/solver/decomposition/index.ts';
import { buildProblem } from '../../../src/solver/problem.ts';
import { DECOMPOSITION_MIN_PAIRS, registerStructuredSolver } from '../../../src/solver/solve.ts';
import { checkHistory, expectHistoryKept } from '../../support/check-history.ts';
import { randomInstance, rng } from '../../support/random-instance.ts';
import { loadSample } from '../../support/sample.ts';

const AS_OF = '2026-03-02';
const ago = (days: number): string => dateOfDay(dayNumber(AS_OF) - days);
const contact = (customer_id: string, action_id: number, days: number): ContactRecord => ({
  customer_id,
  action_id,
  date: ago(days),
});
const email = DEFAULT_CATALOG.find((a) => a.id === 1)!;
const discount: Action = {
  ...DEFAULT_CATALOG.find((a) => a.id === 2)!,
  requires_prior: { action_ids: [1], within_weeks: 4 },
  excludes_prior: { action_ids: [2], within_weeks: 8 },
};

describe('customerBlocks', () => {
  const blocks = (records: ContactRecord[], policy: Partial<Policy> = {}, holdouts: HoldoutRecord[] = []) => {
    const history = buildContactHistory(records, holdouts, AS_OF, 84);
    return customerBlocks(history.customers.get('c'), [email, discount], { ...DEFAULT_POLICY, ...policy });
  };

  it('applies the cooldown to contacts fewer than 7 x cooldown_weeks days ago', () => {
    expect(blocks([contact('c', 1, 13)]).all).toEqual(['cooldown_weeks']);
    expect(blocks([contact('c', 1, 14)]).all).toEqual([]);
    expect(blocks([contact('c', 1, 0)], { cooldown_weeks: 0 }).all).toEqual([]);
    expect(blocks([contact('c', 1, -1)]).all).toEqual([]);
  });

  it('caps contacts in the last 28 days, counting this one', () => {
    const three = [contact('c', 1, 14), contact('c', 1, 21), contact('c', 6, 27)];
    expect(blocks(three, { max_contacts_4w: 3 }).all).toEqual(['max_contacts_4w']);
    expect(blocks(three, { max_contacts_4w: 4 }).all).toEqual([]);
    expect(blocks([...three.slice(0, 2), contact('c', 1, 28)], { max_contacts_4w: 3 }).all).toEqual([]);
  });

  it('keeps holdout customers free of any action for 30 days', () => {
    expect(blocks([], {}, [{ customer_id: 'c', action_id: 1, date: ago(29) }]).all).toEqual(['holdout_window']);
    expect(blocks([], {}, [{ customer_id: 'c', action_id: 1, date: ago(30) }]).all).toEqual([]);
  });

  it('allows the discount only after an email within 4 weeks and not after a discount within 8', () => {
    expect(blocks([]).perAction).toEqual([undefined, 'requires_prior:2']);
    expect(blocks([contact('c', 1, 20)]).perAction).toEqual([undefined, undefined]);
    expect(blocks([contact('c', 1, 28)]).perAction).toEqual([undefined, 'requires_prior:2']);
    expect(blocks([contact('c', 1, 20), contact('c', 2, 50)]).perAction).toEqual([undefined, 'excludes_prior:2']);
    expect(blocks([contact('c', 1, 20), contact('c', 2, 56)]).perAction).toEqual([undefined, undefined]);
  });
});

describe('catalog sequence rules and history policy keys', () => {
  it('parses requires_prior and excludes_prior and refuses unknown action ids', () => {
    const parsed = parseCatalog([email, discount]);
    expect(parsed.find((a) => a.id === 2)?.requires_prior).toEqual({ action_ids: [1], within_weeks: 4 });
    expect(() => parseCatalog([{ ...discount, requires_prior: { action_ids: [9], within_weeks: 4 } }])).toThrow(
      'action 2 requires_prior names action 9, which is not in the catalog',
    );
    expect(() => parseCatalog([{ ...email, excludes_prior: { action_ids: [1], within_weeks: 0 } }])).toThrow(
      /excludes_prior\.within_weeks/,
    );
  });

  it('accepts cooldown_weeks and max_contacts_4w within range and says what is accepted otherwise', () => {
    expect(parsePolicyWords(['cooldown_weeks=0', 'max_contacts_4w=2'])).toMatchObject({
      cooldown_weeks: 0,
      max_contacts_4w: 2,
    });
    expect(() => parsePolicyWords(['max_contacts_4w=0'])).toThrow(
      'max_contacts_4w must be a whole number 1..28; got "0"',
    );
    expect(() => parsePolicyWords(['cooldown_weeks=1.5'])).toThrow(
      'cooldown_weeks must be a whole number of weeks 0..52',
    );
  });
});

/** Random contacts for about half the customers, 0 to 70 days ago, with random actions. */
function randomContacts(seed: number, ids: readonly string[], actionIds: readonly number[]): ContactRecord[] {
  const random = rng(seed);
  const records: ContactRecord[] = [];
  for (const id of ids) {
    const count = random() < 0.5 ? 0 : 1 + Math.floor(random() * 4);
    for (let c = 0; c < count; c++)
      records.push(contact(id, actionIds[Math.floor(random() * actionIds.length)], Math.floor(random() * 70)));
  }
  return records;
}

describe('plans with contact history', () => {
  it('keeps every history rule and every SPEC 3 rule on random instances', async () => {
    let feasible = 0;
    for (let seed = 1; seed <= 40; seed++) {
      // Prepare
      const instance = randomInstance(seed, 30, 4);
      const random = rng(seed + 1000);
      const ids = instance.catalog.filter((a) => a.id > 0).map((a) => a.id);
      const catalog = instance.catalog.map((a) =>
        a.id > 0 && random() < 0.4
          ? {
              ...a,
              [random() < 0.5 ? 'requires_prior' : 'excludes_prior']: {
                action_ids: [ids[Math.floor(random() * ids.length)]],
                within_weeks: 1 + Math.floor(random() * 8),
              },
            }
          : a,
      );
      const open = random() < 0.5 ? { min_high_risk: 0, min_premium: 0, min_segment_coverage: 0 } : {};
      const policy = {
        ...instance.policy,
        ...open,
        cooldown_weeks: Math.floor(random() * 4),
        max_contacts_4w: 1 + Math.floor(random() * 4),
      };
      const contacts = randomContacts(seed, [...instance.predictions.ids], ids);
      const holdouts = [...instance.predictions.ids]
        .filter(() => random() < 0.05)
        .map((id) => ({ customer_id: id, action_id: ids[0], date: ago(Math.floor(random() * 40)) }));
      const history = buildContactHistory(contacts, holdouts, AS_OF, 84);
      // Act
      const outcome = await planWeek({
        predictions: instance.predictions,
        catalog: parseCatalog(catalog),
        policy,
        history,
      });
      // Assess
      if (!outcome.assignment) continue;
      feasible++;
      expectHistoryKept(outcome, { asOf: AS_OF, contacts, holdouts });
      expect(outcome.history_exclusions).toBeDefined();
    }
    expect(feasible).toBeGreaterThanOrEqual(20);
  });

  it("leaves last week's customers alone under the default cooldown and reports how many it excluded", async () => {
    // Prepare: plan week 1, treat its treatment rows as sent 7 days ago. The floors are off: week 1
    // treats 86 of the 102 high-risk customers, so no week 2 could treat 60% of them again.
    const predictions = await loadSample();
    const policy: Policy = { ...DEFAULT_POLICY, min_high_risk: 0, min_premium: 0, min_segment_coverage: 0 };
    const week1 = await planWeek({ predictions, catalog: [...DEFAULT_CATALOG], policy });
    const sent = week1.assignment!.choice.reduce<ContactRecord[]>(
      (rows, k, i) => (k >= 0 ? [...rows, contact(predictions.ids.at(i), week1.assignment!.actions[k].id, 7)] : rows),
      [],
    );
    const history = buildContactHistory(sent, [], AS_OF, 35);
    // Act
    const week2 = await planWeek({ predictions, catalog: [...DEFAULT_CATALOG], policy, history });
    // Assess
    expectHistoryKept(week2, { asOf: AS_OF, contacts: sent });
    expect(week2.history_exclusions).toEqual([
      { rule: 'cooldown_weeks', label: 'Contacted within 2 weeks', customers: sent.length },
    ]);
    expect((toJsonResult(week2) as { history_exclusions: unknown }).history_exclusions).toEqual(
      week2.history_exclusions,
    );
  });

  it('is caught by the independent checker when a plan ignores the history (the check can fail)', async () => {
    // Prepare
    const predictions = await loadSample();
    const policy: Policy = { ...DEFAULT_POLICY, min_high_risk: 0, min_premium: 0, min_segment_coverage: 0 };
    const blind = await planWeek({ predictions, catalog: [...DEFAULT_CATALOG], policy });
    const contacts = [...predictions.ids].map((id) => contact(id, 1, 3));
    const assigned = new Map<number, number>();
    blind.assignment!.choice.forEach((k, i) => k >= 0 && assigned.set(i, blind.assignment!.actions[k].id));
    // Act
    const violations = checkHistory({
      predictions,
      catalog: blind.catalog,
      policy,
      asOf: AS_OF,
      contacts,
      holdouts: [],
      assigned,
    });
    // Assess
    expect(violations.length).toBe(assigned.size);
    expect(violations[0]).toMatch(/contacted within 2 weeks/);
  });

  it('has a checker that names each broken rule (cooldown, cap, holdout window, requires, excludes)', async () => {
    // Prepare: five customers, each given an action that one rule forbids
    const predictions = await loadSample();
    const catalog = parseCatalog([...DEFAULT_CATALOG.filter((a) => a.id !== 2), discount]);
    const [a, b, c, d, e] = predictions.ids;
    const contacts = [contact(a, 6, 3), contact(b, 6, 15), contact(b, 6, 20), contact(e, 1, 20), contact(e, 2, 40)];
    const holdouts = [contact(c, 1, 10)];
    const assigned = new Map([
      [0, 1],
      [1, 1],
      [2, 1],
      [3, 2],
      [4, 2],
    ]);
    // Act
    const violations = checkHistory({
      predictions,
      catalog,
      policy: { ...DEFAULT_POLICY, max_contacts_4w: 2 },
      asOf: AS_OF,
      contacts,
      holdouts,
      assigned,
    });
    // Assess
    expect(violations).toEqual([
      `${a}: contacted within 2 weeks, given action 1`,
      `${b}: 2 contacts in 4 weeks + this one > 2`,
      `${c}: held out within 30 days, given action 1`,
      `${d}: action 2 needs one of 1 within 4 weeks`,
      `${e}: action 2 follows one of 2 within 8 weeks`,
    ]);
  });

  it('holds on the decomposition path too (history is only ineligible pairs)', async () => {
    // Prepare: 1,000 customers, every third contacted 5 days ago, the discount needs an email first
    registerStructuredSolver((highs, problem, options) => solveDecomposition(highs, problem, options), 1);
    // Regression: left registered, it sent every later solve in the process to the decomposition.
    onTestFinished(() => registerStructuredSolver(solveDecomposition, DECOMPOSITION_MIN_PAIRS));
    const instance = randomInstance(77, 1000, 3);
    const catalog = parseCatalog([...DEFAULT_CATALOG.filter((a) => a.id !== 2), discount]);
    const policy: Policy = {
      ...DEFAULT_POLICY,
      budget: 2000,
      min_high_risk: 0.2,
      min_premium: 0.1,
      min_segment_coverage: 0.1,
    };
    const predictions = {
      ...instance.predictions,
      segments: ['Premium', 'Family', 'Student', 'Free'].slice(0, instance.predictions.segments.length),
      reductions: new Map(),
    };
    const contacts = [...predictions.ids].flatMap((id, i) =>
      i % 3 === 0 ? [contact(id, 1, 5)] : i % 3 === 1 ? [contact(id, 1, 20)] : [],
    );
    // Act
    const outcome = await planWeek({
      predictions,
      catalog,
      policy,
      history: buildContactHistory(contacts, [], AS_OF, 84),
      method: 'decomposition',
      timeLimitSeconds: 10,
    });
    // Assess
    expect(outcome.status, JSON.stringify(outcome.infeasibility)).toMatch(/^(optimal|feasible)$/);
    expect(outcome.solver.method).not.toBe('mip');
    expectHistoryKept(outcome, { asOf: AS_OF, contacts });
    expect(outcome.history_exclusions?.map((e) => e.rule).sort()).toEqual(['cooldown_weeks', 'requires_prior:2']);
  });

  it('explains an infeasible week when sequence rules leave too few customers for the floors', async () => {
    // Prepare: every action needs an email in the last 4 weeks, and nobody had one
    const predictions = await loadSample();
    const catalog = parseCatalog(
      DEFAULT_CATALOG.map((a) => (a.id === 0 ? a : { ...a, requires_prior: { action_ids: [1], within_weeks: 4 } })),
    );
    const sent = [contact(predictions.ids.at(0), 6, 3)];
    // Act
    const outcome = await planWeek({
      predictions,
      catalog,
      policy: DEFAULT_POLICY,
      history: buildContactHistory(sent, [], AS_OF, 35),
    });
    // Assess
    expect(outcome.status).toBe('infeasible');
    expect(outcome.infeasibility!.reasons.join(' ')).toContain(
      'contact history kept customers from some actions this week (',
    );
  });

  it('rests customers contacted within the cooldown and asks the floors only of the others', async () => {
    // Prepare: every Premium customer was contacted 3 days ago; the default floors stay on
    const predictions = await loadSample();
    const premium = predictions.segments.indexOf('Premium');
    const sent = [...predictions.ids]
      .filter((_, i) => predictions.segmentOf[i] === premium)
      .map((id) => contact(id, 1, 3));
    // Act
    const outcome = await planWeek({
      predictions,
      catalog: [...DEFAULT_CATALOG],
      policy: DEFAULT_POLICY,
      history: buildContactHistory(sent, [], AS_OF, 35),
    });
    // Assess: a plan, no Premium customer touched, and the Premium floors ask for nobody
    expect(outcome.status).toBe('optimal');
    expectHistoryKept(outcome, { asOf: AS_OF, contacts: sent });
    expect(outcome.constraints.find((c) => c.name === 'min_premium')?.limit).toBe(0);
    expect(outcome.segment_coverage.find((c) => c.segment === 'Premium')).toMatchObject({ treated: 0, floor: 0 });
    expect(outcome.warnings.join(' ')).toContain(
      `${sent.length} customers contacted or held out recently rest this week`,
    );
  });

  it('marks history-forbidden pairs as ineligible (NaN) only, adding no rows', () => {
    // Prepare
    const instance = randomInstance(5, 20, 3);
    const history = buildContactHistory([contact(instance.predictions.ids.at(0), 1, 1)], [], AS_OF, 35);
    // Act
    const plain = buildProblem(instance.predictions, instance.catalog, instance.policy);
    const withHistory = buildProblem(instance.predictions, instance.catalog, instance.policy, history);
    // Assess
    expect(withHistory.rows.map((r) => r.name)).toEqual(plain.rows.map((r) => r.name));
    withHistory.rows.forEach((row, r) =>
      expect(row.sense === '>=' ? row.limit <= plain.rows[r].limit : row.limit === plain.rows[r].limit).toBe(true),
    );
    for (let k = 0; k < plain.K; k++) expect(withHistory.value[k]).toBeNaN();
    expect(Array.from(withHistory.value.slice(plain.K))).toEqual(Array.from(plain.value.slice(plain.K)));
  });

  it('warns when the catalog has sequence rules but no history was given', async () => {
    const predictions = await loadSample();
    const outcome = await planWeek({
      predictions,
      catalog: parseCatalog([...DEFAULT_CATALOG.filter((a) => a.id !== 2), discount]),
      policy: DEFAULT_POLICY,
    });
    expect(outcome.warnings.join(' ')).toContain(
      'No contact history was given, so the sequence rules of 20% Discount Offer and the cooldown were not applied.',
    );
  });
});
