import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PLAN_SHORTCUT_CALLBACK_ID } from '../../../src/slack/dashboard-listeners.ts';

const manifest = readFileSync(new URL('../../../slack-app-manifest.yml', import.meta.url), 'utf8');

describe('slack-app-manifest.yml', () => {
  it('asks Slack for everything the dashboard uses', () => {
    // Assess
    for (const scope of ['commands', 'chat:write', 'chat:write.public', 'files:write', 'files:read'])
      expect(manifest).toMatch(new RegExp(`^\\s+- ${scope}$`, 'm'));
    expect(manifest).toMatch(/home_tab_enabled: true/);
    expect(manifest).toMatch(/bot_events:\n(\s+#.*\n)*\s+- app_home_opened/);
    expect(manifest).toContain(`callback_id: ${PLAN_SHORTCUT_CALLBACK_ID}`);
    expect(manifest).toMatch(/interactivity:\n(\s+#.*\n)*\s+is_enabled: true/);
  });
});
