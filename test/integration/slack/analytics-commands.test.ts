import { buffer, text } from 'node:stream/consumers';
import { afterEach, describe, expect, it } from 'vitest';
import { checkBlockLimits } from '../../../src/slack/blocks/block-kit.ts';
import { listRuns } from '../../../src/storage/run-record.ts';
import { blockText, callsTo, CHANNEL, startSlackTestbed, type SlackTestbed } from '../../support/fake-slack.ts';

let bed: SlackTestbed | undefined;

afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

async function jobKeys(testbed: SlackTestbed): Promise<string[]> {
  return (await testbed.store.list('jobs/')).map((object) => object.key);
}

const ephemeralText = (body: string): string => {
  const parsed = JSON.parse(body) as { response_type: string; text: string };
  expect(parsed.response_type).toBe('ephemeral');
  return parsed.text;
};

describe('decision analytics in Slack', () => {
  it('puts the marginal value of each binding rule, the top assignments and coverage against floors in the plan message', async () => {
    // Prepare
    bed = await startSlackTestbed();

    // Act
    const ack = await bed.command('plan');
    await bed.dispatcher.idle();

    // Assess
    const [post] = callsTo(bed.slack, ack.responseUrl);
    const message = blockText(post.body);
    expect(message).toContain('What relaxing a rule is worth');
    expect(message).toMatch(/• \+\$1 of budget is worth \$\d+\.\d\d of net value, from \$150 to \$\d+/);
    expect(message).toMatch(/Top 5 assignments by net value\*\n• C\d+ → /);
    expect(message).toMatch(/Coverage by segment\* \(treated of customers, against the floor\)\n• \w+: \d+ of \d+ \(/);
    expect(checkBlockLimits(post.body)).toEqual([]);
  });

  it('sweeps a key in the worker: a PNG beside the plans, shared to the channel and shown from Slack, and a compact table', async () => {
    // Prepare
    bed = await startSlackTestbed();

    // Act
    const ack = await bed.command('sweep budget=150..250:3');
    await bed.dispatcher.idle();

    // Assess
    expect(ephemeralText(ack.body)).toContain(
      'Sweeping budget over 3 levels ($150 to $250) for 250 customers from predictions/2026-11-16/predictions.csv',
    );
    const [post] = callsTo(bed.slack, ack.responseUrl);
    expect(post.body.response_type).toBe('in_channel');
    expect(checkBlockLimits(post.body)).toEqual([]);
    const blocks = post.body.blocks as Array<Record<string, unknown>>;
    const image = blocks.find((block) => block.type === 'image') as { slack_file: { id: string }; alt_text: string };
    const shared = bed.slack.files.find((file) => file.id === image.slack_file.id);
    expect(shared?.channelId).toBe(CHANNEL);
    const chartKey = (await bed.store.list('plans/')).find((object) => object.key.endsWith('/sweep.png'))?.key ?? '';
    const png = await buffer((await bed.store.get(chartKey)).body);
    expect([...png.subarray(0, 8)]).toEqual(PNG_MAGIC);
    expect(shared?.bytes.equals(png)).toBe(true);
    expect(image.alt_text).toContain('against budget from $150 to $250');
    expect(JSON.stringify(post.body)).not.toContain('X-Amz-Signature');
    const table = blockText(post.body);
    for (const level of ['$150', '$200', '$250']) expect(table).toMatch(new RegExp(`\\${level}\\s+optimal`));
    const record = JSON.parse(await text((await bed.store.get(chartKey.replace('sweep.png', 'sweep.json'))).body)) as {
      levels: { value: number; status: string }[];
      catalog_version: string;
      chart_file_id: string;
    };
    expect(record.levels.map((level) => level.value)).toEqual([150, 200, 250]);
    expect(record.catalog_version).toBe('default');
    expect(record.chart_file_id).toBe(image.slack_file.id);
    expect(await listRuns(bed.store)).toEqual([]);
  });

  it('when Slack refuses the chart, says why and names where it is kept instead of an image', async () => {
    // Prepare
    bed = await startSlackTestbed();
    bed.slack.failMethod('files.completeUploadExternal', 'not_in_channel');

    // Act
    const ack = await bed.command('sweep min_high_risk=40%..60%:2 budget=300');
    await bed.dispatcher.idle();

    // Assess
    const [post] = callsTo(bed.slack, ack.responseUrl);
    expect(JSON.stringify(post.body.blocks)).not.toContain('"type":"image"');
    const message = blockText(post.body);
    expect(message).toContain('(not_in_channel): invite the app to the channel');
    expect(message).toMatch(/The chart is kept as \/.*\/plans\/\d{8}-\d{6}-[0-9a-z]{6}\/sweep\.png/);
    expect(message).toContain('other rules `budget=300`');
    expect(checkBlockLimits(post.body)).toEqual([]);
  });

  it.each([
    ['sweep', /needs a range, e.g. `\/retention sweep budget=150..1000`/],
    ['sweep budget=150-1000', /`\/retention sweep` "budget=150-1000" is not a sweep; expected key=FROM..TO/],
    ['sweep budgte=150..1000', /`\/retention sweep` unknown key "budgte"/],
    ['sweep objective=a..b', /objective is not a number and cannot be swept/],
    ['sweep budget=150..1000:99', /needs 2 to 40 levels; got 99/],
    ['sweep budget=150..1000 email_cap=lots', /email_cap must be a whole number &gt;= 0; got "lots"/],
  ])('refuses "%s" at once, saying what is accepted, and runs nothing', async (command, message) => {
    // Prepare
    bed = await startSlackTestbed();

    // Act
    const ack = await bed.command(command);

    // Assess
    expect(ephemeralText(ack.body)).toMatch(message);
    expect(await jobKeys(bed)).toEqual([]);
  });

  it('compares two scenarios side by side: KPIs, differences and how the action mix moved', async () => {
    // Prepare
    bed = await startSlackTestbed();

    // Act
    const ack = await bed.command('compare budget=150 | budget=250 min_high_risk=70%');
    await bed.dispatcher.idle();

    // Assess
    expect(ephemeralText(ack.body)).toContain(
      'Comparing A (the Slack defaults) with B (`budget=250 min_high_risk=70%`) for 250 customers',
    );
    const [post] = callsTo(bed.slack, ack.responseUrl);
    expect(post.body.response_type).toBe('in_channel');
    expect(checkBlockLimits(post.body)).toEqual([]);
    const message = blockText(post.body);
    expect(message).toContain('*A (Slack defaults)*: optimal');
    expect(message).toContain('*B (budget=250 min_high_risk=70%)*: optimal');
    expect(message).toMatch(/B adds \$[\d,.]+ of net value against A/);
    expect(message).toMatch(/Net value\s+\$[\d,.]+\s+\$[\d,.]+\s+\+\$[\d,.]+/);
    expect(message).toContain('Action mix (customers)');
    expect(String(post.body.text)).toMatch(/^Scenario comparison: B adds \$/);
    expect(await listRuns(bed.store)).toEqual([]);
  });

  it('says which scenario has no plan and why', async () => {
    // Prepare
    bed = await startSlackTestbed();

    // Act
    const ack = await bed.command('compare budget=10 min_high_risk=100% | budget=200');
    await bed.dispatcher.idle();

    // Assess
    const message = blockText(callsTo(bed.slack, ack.responseUrl)[0].body);
    expect(message).toMatch(
      /:no_entry: A \(budget=10 min_high_risk=100%\) has no plan: the rules .*`min_high_risk`.* cannot all hold; it needs a budget of at least \$\d+/,
    );
  });

  it.each([
    ['compare budget=150', /needs two scenarios separated by "\|"/],
    ['compare budget=150 | budget=200 | budget=250', /needs two scenarios separated by "\|"/],
    ['compare budget=150 | budgte=250', /unknown key "budgte" \(did you mean budget\?\)/],
  ])('refuses "%s" and runs nothing', async (command, message) => {
    // Prepare
    bed = await startSlackTestbed();

    // Act
    const ack = await bed.command(command);

    // Assess
    expect(ephemeralText(ack.body)).toMatch(message);
    expect(await jobKeys(bed)).toEqual([]);
  });
});

describe('guardrails from the configuration', () => {
  const guardrails = { budget: { min: 100, max: 300 }, holdout: { max: 0.2 } };

  it.each([
    ['budget=500', 'budget=$500 is outside the guardrails: budget must be between $100 and $300'],
    [
      'budget=50 holdout=30%',
      'budget=$50 is outside the guardrails: budget must be between $100 and $300; holdout=30% is outside the guardrails: holdout must be at most 20%',
    ],
    ['sweep budget=150..1000', 'budget=$1,000 is outside the guardrails: budget must be between $100 and $300'],
    ['compare budget=150 | budget=400', 'budget=$400 is outside the guardrails: budget must be between $100 and $300'],
  ])('refuses "%s" naming the bounds, ephemeral, and runs nothing', async (command, message) => {
    // Prepare
    bed = await startSlackTestbed({ guardrails });

    // Act
    const ack = await bed.command(command);
    await bed.dispatcher.idle();

    // Assess
    const answer = ephemeralText(ack.body);
    expect(answer).toContain(`:no_entry: ${message}.`);
    expect(answer).toContain('Nothing was run');
    expect(await jobKeys(bed)).toEqual([]);
    expect(bed.slack.calls).toEqual([]);
  });

  it('lets a policy inside the bounds through', async () => {
    // Prepare
    bed = await startSlackTestbed({ guardrails });

    // Act
    const ack = await bed.command('budget=300 holdout=20%');

    // Assess
    expect(ephemeralText(ack.body)).toContain('Planning for 250 customers');
    expect(await jobKeys(bed)).toHaveLength(1);
  });
});
