import type { App } from '@slack/bolt';
import * as z from 'zod';
import { approveClickSchema, type ApproveClick } from './approve-click.ts';
import { HOME_OPEN_PLAN_ACTION_ID, HOME_PLAN_ACTION_ID, HOME_SWEEP_ACTION_ID } from './blocks/home-view.ts';
import { DOWNLOAD_CSV_ACTION_ID, EDIT_REPLAN_ACTION_ID } from './blocks/plan-files-blocks.ts';
import { POLICY_FORM_CALLBACK_ID } from './blocks/policy-modal.ts';
import type { SlackMessage } from './blocks/block-kit.ts';
import { handleDownloadClick, OPEN_DOWNLOAD_ACTION_ID, type DownloadDeps } from './download-click.ts';
import { openPolicyForm, type FormDeps } from './form/open-policy-form.ts';
import { submitPolicyForm, viewSubmissionSchema, type SubmitDeps } from './form/submit-policy-form.ts';
import { openPlanSummary } from './home/open-plan-summary.ts';
import { publishHome, type HomeDeps } from './home/publish-home.ts';
import { parsePlanToolsValue } from './plan-tools-value.ts';

/** The callback id of the global shortcut "Plan retention" (slack-app-manifest.yml). */
export const PLAN_SHORTCUT_CALLBACK_ID = 'plan_retention';

/** How long the Home tab may wait for the store when someone opens it (Slack wants the event answered in 3 s). */
export const HOME_DEADLINE_MS = 2000;

export type DashboardDeps = FormDeps & SubmitDeps & DownloadDeps & HomeDeps;

const shortcutSchema = z.object({ trigger_id: z.string().min(1), user: z.object({ id: z.string() }) });
const homeOpenedSchema = z.object({ user: z.string().min(1), tab: z.string().optional() });

/** Answers a click privately through its response URL (Home tab clicks have none; they are only logged). */
async function tell(deps: DashboardDeps, click: ApproveClick, message: SlackMessage | undefined): Promise<void> {
  if (!message) return;
  if (!click.response_url) {
    deps.logger.info('no response URL for the answer', { text: message.text });
    return;
  }
  await deps.outbox.respond(click.response_url, { ...message, response_type: 'ephemeral', replace_original: false });
}

/**
 * The dashboard's listeners: the policy form (from the global shortcut, the Home tab, Edit &
 * re-plan; its submission), the Home tab (`app_home_opened` and its buttons) and Download CSV.
 * Modals open inside the acknowledgement, while the trigger id is alive.
 */
export function registerDashboardListeners(app: App, deps: DashboardDeps): void {
  app.shortcut(PLAN_SHORTCUT_CALLBACK_ID, async ({ shortcut, ack }) => {
    const { trigger_id } = shortcutSchema.parse(shortcut);
    await openPolicyForm(deps, { triggerId: trigger_id, origin: {} });
    await ack();
  });

  app.view(POLICY_FORM_CALLBACK_ID, async ({ body, ack }) => {
    const answer = await submitPolicyForm(deps, viewSubmissionSchema.parse(body));
    await ack(answer);
  });

  app.event('app_home_opened', async ({ event }) => {
    const opened = homeOpenedSchema.parse(event);
    if (opened.tab !== undefined && opened.tab !== 'home') return;
    await publishHome(deps, [opened.user], { deadlineMs: HOME_DEADLINE_MS, onlyThese: true });
  });

  for (const actionId of [HOME_PLAN_ACTION_ID, HOME_SWEEP_ACTION_ID]) {
    app.action(actionId, async ({ body, ack }) => {
      const click = approveClickSchema.parse(body);
      if (click.trigger_id)
        await openPolicyForm(deps, {
          triggerId: click.trigger_id,
          origin: {},
          ...(actionId === HOME_SWEEP_ACTION_ID ? { sweepKey: 'budget' as const } : {}),
        });
      await ack();
    });
  }

  app.action(HOME_OPEN_PLAN_ACTION_ID, async ({ body, ack }) => {
    const click = approveClickSchema.parse(body);
    const planId = click.actions[0].value ?? '';
    if (click.trigger_id) await openPlanSummary(deps, { triggerId: click.trigger_id, planId });
    await ack();
  });

  app.action(EDIT_REPLAN_ACTION_ID, async ({ body, ack }) => {
    const click = approveClickSchema.parse(body);
    const value = parsePlanToolsValue(click.actions[0].value);
    const channelId = click.container?.channel_id ?? click.channel?.id;
    const failure = click.trigger_id
      ? await openPolicyForm(deps, {
          triggerId: click.trigger_id,
          origin: {
            ...(channelId ? { channel_id: channelId } : {}),
            ...(click.response_url ? { response_url: click.response_url } : {}),
          },
          ...(value ? { fromPlan: { planId: value.plan, words: value.words } } : {}),
        })
      : undefined;
    await ack();
    await tell(deps, click, failure);
  });

  app.action(DOWNLOAD_CSV_ACTION_ID, async ({ body, ack }) => {
    await ack();
    const click = approveClickSchema.parse(body);
    await tell(deps, click, await handleDownloadClick(deps, click));
  });

  app.action(OPEN_DOWNLOAD_ACTION_ID, async ({ ack }) => {
    await ack();
  });
}
