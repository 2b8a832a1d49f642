import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCallLog } from '../../../src/dev/call-log.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('createCallLog', () => {
  it('resolves with a call that already came and with one that comes later', async () => {
    // Prepare
    const log = createCallLog<string>((call) => call);
    log.record('chat.postMessage');

    // Act
    const past = log.waitFor((call) => call.startsWith('chat.'), 1000);
    const future = log.waitFor((call) => call === 'views.publish', 1000);
    log.record('views.publish');

    // Assess
    expect(await past).toBe('chat.postMessage');
    expect(await future).toBe('views.publish');
    expect(log.items).toEqual(['chat.postMessage', 'views.publish']);
  });

  it('rejects after the timeout, naming what came instead', async () => {
    // Prepare
    vi.useFakeTimers();
    const log = createCallLog<{ method: string; path: string }>((r) => `${r.method} ${r.path}`);
    log.record({ method: 'POST', path: '/hook' });

    // Act
    const waiting = log.waitFor((r) => r.path === '/never', 500);
    const settled = expect(waiting).rejects.toThrow('nothing matching arrived within 500 ms; got POST /hook');
    await vi.advanceTimersByTimeAsync(500);

    // Assess
    await settled;
  });
});
