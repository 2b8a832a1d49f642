import type { AppLogger } from '../observability/app-logger.ts';

/** Republishes Home tabs after a change, best effort. */
export async function refreshHomeTabs(
  deps: { refreshHome?: (userIds: readonly string[]) => Promise<void>; logger: AppLogger },
  userIds: readonly string[],
): Promise<void> {
  try {
    await deps.refreshHome?.(userIds);
  } catch (error) {
    deps.logger.error('home tab not republished', { error: String(error) });
  }
}
