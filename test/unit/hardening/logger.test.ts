import { describe, expect, it } from 'vitest';
import { PlannerError } from '../../../src/domain/errors.ts';
import { createLogger, createMemorySink, logLevelFrom } from '../../../src/observability/logger.ts';
import { REDACTED } from '../../../src/observability/redact.ts';

const SECRET = 'signing-secret-0d9f3e';
const TOKEN = 'xoxb-1234-5678-abcdefghijkl';
const fixedClock = () => new Date('2026-11-16T08:30:00Z');

describe('the structured JSON logger', () => {
  it('writes one JSON object per line with level, timestamp, service, message and the correlation id', () => {
    // Prepare
    const memory = createMemorySink();
    const logger = createLogger({ service: 'retention-worker', sink: memory.sink, clock: fixedClock }).child({
      correlation_id: '20261116-083000-abc123',
    });

    // Act
    logger.info('plan posted', { status: 'optimal', seconds: 0.25 });

    // Assess
    expect(memory.lines).toHaveLength(1);
    expect(memory.records()[0]).toEqual({
      level: 'INFO',
      timestamp: '2026-11-16T08:30:00.000Z',
      service: 'retention-worker',
      message: 'plan posted',
      correlation_id: '20261116-083000-abc123',
      status: 'optimal',
      seconds: 0.25,
    });
  });

  it('blanks secret values wherever they appear, sensitive keys, Slack tokens and v0 signatures', () => {
    // Prepare
    const memory = createMemorySink();
    const logger = createLogger({ service: 'retention-slack', sink: memory.sink, secrets: [SECRET] });

    // Act
    logger.error(`verification used ${SECRET}`, {
      note: `token was ${TOKEN}`,
      signature: 'v0=abc',
      header: `v0=${'a'.repeat(64)}`,
      response_url: 'https://hooks.slack.com/commands/T1/2/3',
      nested: { botToken: 'anything', deeper: [`${SECRET}!`] },
    });

    // Assess
    const line = memory.lines[0];
    expect(line).not.toContain(SECRET);
    expect(line).not.toContain(TOKEN);
    expect(line).not.toContain('hooks.slack.com');
    expect(line).not.toContain('a'.repeat(64));
    const record = memory.records()[0] as Record<string, unknown> & { nested: { botToken: string; deeper: string[] } };
    expect(record.signature).toBe(REDACTED);
    expect(record.response_url).toBe(REDACTED);
    expect(record.nested.botToken).toBe(REDACTED);
    expect(record.nested.deeper[0]).toBe(`${REDACTED}!`);
  });

  it('never writes a list of customers: long arrays and typed arrays become counts, rows and ids are blanked', () => {
    // Prepare
    const memory = createMemorySink();
    const logger = createLogger({ service: 'retention-worker', sink: memory.sink });
    const ids = Array.from({ length: 250 }, (_, i) => `CUST-${i}`);

    // Act
    logger.info('read predictions', {
      customers: ids,
      p: new Float64Array(250),
      rows: [['CUST-1', '0.7']],
      customer_id: 'CUST-9',
    });

    // Assess
    expect(memory.lines[0]).not.toMatch(/CUST-\d/);
    expect(memory.records()[0]).toMatchObject({
      customers: '[array of 250]',
      p: '[Float64Array of 250]',
      rows: REDACTED,
      customer_id: REDACTED,
    });
  });

  it('reduces errors to name, code, message and stack, cuts long strings, survives cycles', () => {
    // Prepare
    const memory = createMemorySink();
    const logger = createLogger({ service: 'x', sink: memory.sink });
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;

    // Act
    logger.error('job failed', {
      error: new PlannerError('STORAGE', 's3://b/k: could not read'),
      long: 'y'.repeat(5000),
      cyclic,
    });

    // Assess
    const record = memory.records()[0] as {
      error: Record<string, unknown>;
      long: string;
      cyclic: Record<string, unknown>;
    };
    expect(record.error).toMatchObject({ name: 'PlannerError', code: 'STORAGE', message: 's3://b/k: could not read' });
    expect(record.long.length).toBeLessThan(1100);
    expect(record.cyclic.self).toBe('[circular]');
  });

  it('drops lines below the level, and reads LOG_LEVEL leniently', () => {
    // Prepare
    const memory = createMemorySink();
    const logger = createLogger({ service: 'x', sink: memory.sink, level: logLevelFrom(' WARN ') });

    // Act
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');

    // Assess
    expect(memory.records().map((r) => r.level)).toEqual(['WARN', 'ERROR']);
    expect(logLevelFrom(undefined)).toBe('info');
    expect(logLevelFrom('verbose')).toBe('info');
  });

  it('keeps working when the sink throws (a log line never stops a job)', () => {
    // Prepare
    const logger = createLogger({
      service: 'x',
      sink: () => {
        throw new Error('EPIPE');
      },
    });

    // Act / Assess
    expect(() => logger.error('still fine')).not.toThrow();
  });
});
