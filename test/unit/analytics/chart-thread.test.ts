import { afterEach, describe, expect, it } from 'vitest';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { runningChartThread, startChartThread, useChartWorker } from '../../../src/analytics/chart-thread.ts';

const STAND_IN = new URL('../../fixtures/analytics/echo-chart-thread.mjs', import.meta.url);

/** Message ports that hold this process open (a started thread that is not drawing must add none). */
const openPorts = () => process.getActiveResourcesInfo().filter((name) => name === 'MessagePort').length;

afterEach(async () => {
  await runningChartThread()?.stop();
});

describe('the chart thread', () => {
  it('holds the process open only while it draws (a compiled run refused for bad input never exited)', async () => {
    // Prepare
    const before = openPorts();

    // Act
    const started = startChartThread({ script: STAND_IN });
    const idle = openPorts();
    const drawing = runningChartThread()!.render('<svg/>');
    const busy = openPorts();
    const png = await drawing;

    // Assess
    expect(started).toBe(true);
    expect([idle, busy, openPorts()]).toEqual([before, before + 1, before]);
    expect(new TextDecoder().decode(png)).toBe('<svg/>');
  });

  it('fails a chart it cannot draw, and every chart after it has stopped', async () => {
    // Prepare
    startChartThread({ script: STAND_IN });
    const thread = runningChartThread()!;

    // Act
    const failed = thread.render('fail');
    const stopping = thread.render('exit');

    // Assess
    await expect(failed).rejects.toThrow('no renderer in this thread');
    await expect(stopping).rejects.toThrow('the chart thread stopped (exit code 3)');
    expect(runningChartThread()).toBeUndefined();
    await expect(thread.render('<svg/>')).rejects.toThrow('the chart thread stopped');
  });

  it('is not started where its script is not built (running from the sources)', () => {
    expect(startChartThread()).toBe(false);
    expect(runningChartThread()).toBeUndefined();
  });

  it('takes a thread the start-up began before the bundle loaded, and draws on it', async () => {
    // Prepare
    const worker = new Worker(STAND_IN);
    worker.unref();

    // Act
    const taken = useChartWorker(worker);
    const png = await runningChartThread()!.render('<svg/>');

    // Assess
    expect(taken).toBe(true);
    expect(new TextDecoder().decode(png)).toBe('<svg/>');
  });

  it('does not take a thread that stopped before the bundle loaded (its charts would never come)', async () => {
    // Prepare
    const worker = new Worker('process.exit(3)', { eval: true });
    await once(worker, 'exit');

    // Act
    const taken = useChartWorker(worker);

    // Assess
    expect(taken).toBe(false);
    expect(runningChartThread()).toBeUndefined();
  });
});
