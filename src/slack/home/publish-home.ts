import type { HomeView } from '@slack/types';
import type { AppLogger } from '../../observability/app-logger.ts';
import type { ObjectStore } from '../../storage/object-store.ts';
import { buildHomeView, type HomeSnapshot } from '../blocks/home-view.ts';
import { header, section } from '../blocks/block-kit.ts';
import { withinDeadline } from '../deadline.ts';
import type { SlackOutbox } from '../outbox/outbox.ts';
import { readHomeSnapshot } from './read-home.ts';

export interface HomeDeps {
  store: ObjectStore;
  outbox: SlackOutbox;
  logger: AppLogger;
  approvers: readonly string[];
  predictionsPrefix?: string;
}

const SLACK_USER = /^[UW][A-Z0-9]+$/;

/** The Home tab shown when the store did not answer in time: the buttons still work. */
function slowHome(): HomeView {
  return {
    type: 'home',
    blocks: [
      header('Retention planner'),
      section(
        ':hourglass: The store did not answer in time; open this tab again in a moment. `/retention` works meanwhile.',
      ),
    ],
  };
}

/**
 * Publishes the Home tab of each user (and of every approver unless `onlyThese`: after a
 * change the plans waiting for them moved): one read of the store for all, one
 * `views.publish` per user. With `deadlineMs`, a store slower than that publishes a short
 * "open again" tab to someone who is opening it (`onlyThese`), and nothing on a refresh.
 */
export async function publishHome(
  deps: HomeDeps,
  userIds: readonly string[],
  options: { deadlineMs?: number; onlyThese?: boolean } = {},
): Promise<void> {
  const wanted = options.onlyThese ? userIds : [...userIds, ...deps.approvers];
  const users = [...new Set(wanted)].filter((id) => SLACK_USER.test(id));
  if (users.length === 0) return;
  const read = readHomeSnapshot(deps.store, deps.predictionsPrefix);
  const snapshot: HomeSnapshot | undefined =
    options.deadlineMs === undefined ? await read : await withinDeadline(read, options.deadlineMs);
  if (!snapshot && !options.onlyThese) {
    deps.logger.info('home tabs not refreshed: the store did not answer in time');
    return;
  }
  const failures: string[] = [];
  await Promise.all(
    users.map(async (userId) => {
      const view = snapshot
        ? buildHomeView(snapshot, { userId, isApprover: deps.approvers.includes(userId) })
        : slowHome();
      await deps.outbox
        .publishView(userId, view)
        .catch((error: unknown) => failures.push(`${userId}: ${String(error)}`));
    }),
  );
  if (failures.length > 0) deps.logger.error('home tab not published', { failures });
}
