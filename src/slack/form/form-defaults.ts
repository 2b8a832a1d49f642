import { parse } from 'csv-parse/sync';
import type { Readable } from 'node:stream';
import { readApproval } from '../../approvals/approval-record.ts';
import { policySchema, SLACK_BASE_POLICY, type Policy } from '../../domain/policy.ts';
import { findLatestPartition, type PredictionsPartition } from '../../storage/latest-predictions.ts';
import type { ObjectStore } from '../../storage/object-store.ts';
import { listRuns, type RunRecord } from '../../storage/run-record.ts';
import type { SegmentChoices } from '../blocks/policy-modal.ts';
import { EXACT_COUNT_MAX_BYTES } from '../customer-count.ts';

/** Bytes read from the first prediction file for segment names when no run recorded them. */
const HEAD_BYTES = 64 * 1024;
/** Runs looked at for the last approved policy and for recorded segments. */
const LOOKBACK = 20;

/** What the policy form starts from when it was not opened from a plan message. */
export interface FormDefaults {
  policy: Policy;
  source: string;
  segments: SegmentChoices;
}

async function readHead(body: Readable, limit: number): Promise<{ text: string; whole: boolean }> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  let whole = true;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      bytes += chunk.length;
      if (bytes >= limit) {
        whole = false;
        break;
      }
    }
  } finally {
    body.destroy();
  }
  const text = Buffer.concat(chunks).subarray(0, limit).toString('utf8');
  return { text: whole ? text : text.slice(0, text.lastIndexOf('\n') + 1), whole };
}

/** Distinct `subscription_type` values in CSV text (header first); quoted cells and aliases as the reader takes them. */
function segmentsInCsv(text: string): string[] {
  const rows: string[][] = parse(text, { relax_column_count: true, skip_empty_lines: true, bom: true });
  const column = rows[0]?.findIndex((name) => name.trim().toLowerCase() === 'subscription_type') ?? -1;
  if (column < 0) return [];
  return [...new Set(rows.slice(1).map((row) => (row[column] ?? '').trim()))].filter((name) => name !== '');
}

/**
 * The segments offered for `premium_segment`, cheaply enough for the 3-second path: the list
 * the newest run on these same files recorded (`input.segments` in its run.json, matched by
 * key and ETag); else the files themselves when they hold at most 1 MiB in all; else the first
 * 64 KiB of the first file, said to be partial.
 */
async function segmentChoices(
  store: ObjectStore,
  latest: PredictionsPartition,
  runs: readonly RunRecord[],
): Promise<SegmentChoices> {
  const key = latest.files.length === 1 ? latest.files[0].key : latest.prefix;
  const etag = latest.files.map((file) => file.etag ?? '').join(',');
  const recorded = runs.find((run) => run.input.key === key && run.input.etag === etag && run.input.segments);
  if (recorded?.input.segments) return { names: recorded.input.segments, complete: true, from: key };
  const total = latest.files.reduce((sum, file) => sum + file.size, 0);
  const files = total <= EXACT_COUNT_MAX_BYTES ? latest.files : latest.files.slice(0, 1);
  const limit = total <= EXACT_COUNT_MAX_BYTES ? EXACT_COUNT_MAX_BYTES : HEAD_BYTES;
  const names = new Set<string>();
  let complete = true;
  for (const file of files) {
    const head = await readHead((await store.get(file.key)).body, limit);
    complete &&= head.whole;
    for (const name of segmentsInCsv(head.text)) names.add(name);
  }
  return { names: [...names].sort(), complete: complete && files.length === latest.files.length, from: key };
}

/** The newest approved run's policy on top of the Slack defaults, or undefined when none is approved. */
async function lastApproved(store: ObjectStore, runs: readonly RunRecord[]): Promise<RunRecord | undefined> {
  const approvals = await Promise.all(runs.map((run) => readApproval(store, run.plan_id).catch(() => undefined)));
  return runs.find((run, i) => approvals[i] && policySchema.safeParse({ ...SLACK_BASE_POLICY, ...run.policy }).success);
}

/**
 * Where the form starts when no plan message gave it a policy: the last approved policy
 * (among the newest runs), else the Slack defaults; and the segments of the latest predictions.
 */
export async function readFormDefaults(store: ObjectStore, predictionsPrefix?: string): Promise<FormDefaults> {
  const [latest, runs] = await Promise.all([findLatestPartition(store, predictionsPrefix), listRuns(store, LOOKBACK)]);
  const [approved, segments] = await Promise.all([
    lastApproved(store, runs),
    latest
      ? segmentChoices(store, latest, runs)
      : Promise.resolve({ names: [], complete: false, from: 'no predictions' }),
  ]);
  if (!approved) return { policy: { ...SLACK_BASE_POLICY }, source: 'the Slack defaults (10% holdout)', segments };
  return {
    policy: policySchema.parse({ ...SLACK_BASE_POLICY, ...approved.policy }),
    source: `the last approved policy (plan ${approved.plan_id})`,
    segments,
  };
}
