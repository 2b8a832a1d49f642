import type { ImageBlock, KnownBlock } from '@slack/types';
import type { PlanAttachments } from '../../storage/plan-attachments.ts';
import { actions, button, clampText, context } from './block-kit.ts';
import { escapeMrkdwn } from './format.ts';

/** The action id of the button that answers the clicker privately with a short-lived CSV link. */
export const DOWNLOAD_CSV_ACTION_ID = 'download_plan_csv';
/** The action id of the button that opens the policy form prefilled with the message's policy. */
export const EDIT_REPLAN_ACTION_ID = 'edit_and_replan';
/** The block id of the actions block holding those two buttons. */
export const PLAN_TOOLS_BLOCK_ID = 'plan_tools';

/** What the Download CSV and Edit & re-plan buttons carry: the plan and the policy words that made it. */
export interface PlanToolsValue {
  plan: string;
  words: string[];
}

/** The plan's chart as an image block shown from Slack's own copy (`slack_file`), when it was shared. */
export function chartImageBlocks(attachments: PlanAttachments | undefined, altText: string): KnownBlock[] {
  const chart = attachments?.chart;
  if (!chart) return [];
  const image: ImageBlock = {
    type: 'image',
    block_id: 'plan_chart',
    slack_file: { id: chart.id },
    alt_text: clampText(altText, 2000),
    title: { type: 'plain_text', text: clampText(chart.title, 2000) },
  };
  return [image];
}

const fileLink = (file: { filename: string; permalink?: string }): string =>
  file.permalink ? `<${file.permalink}|${escapeMrkdwn(file.filename)}>` : escapeMrkdwn(file.filename);

/**
 * One line naming the plan's files as Slack keeps them (their permalinks open only for people
 * who can see the channel), and why a file is missing when one is, with where it is kept.
 */
export function planFilesBlocks(attachments: PlanAttachments | undefined, csvKey: string): KnownBlock[] {
  const parts: string[] = [];
  if (attachments?.csv) parts.push(`:page_facing_up: ${fileLink(attachments.csv)}`);
  if (attachments?.chart) parts.push(`:bar_chart: ${fileLink(attachments.chart)}`);
  const lines = parts.length > 0 ? [`${parts.join(' · ')} (shared in this channel)`] : [];
  for (const problem of attachments?.problems ?? []) lines.push(`:warning: ${escapeMrkdwn(problem)}`);
  if (!attachments?.csv)
    lines.push(`The plan CSV is kept as ${escapeMrkdwn(csvKey)}; *Download CSV* gives you a private link to it.`);
  return [context([lines.join('\n')])];
}

/** Download CSV (a private, short-lived link for whoever may see plans) and Edit & re-plan (the form, prefilled). */
export function planToolsBlock(planId: string, words: readonly string[]): KnownBlock {
  const value = JSON.stringify({ plan: planId, words: [...words] } satisfies PlanToolsValue);
  return actions(PLAN_TOOLS_BLOCK_ID, [
    button({ text: 'Download CSV', actionId: DOWNLOAD_CSV_ACTION_ID, value }),
    button({ text: 'Edit & re-plan', actionId: EDIT_REPLAN_ACTION_ID, value }),
  ]);
}
