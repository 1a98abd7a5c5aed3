import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLog, describeError, type LogLevel } from '../../../lib/log';

afterEach(() => vi.useRealTimers());

function capture(logLevel: LogLevel) {
  const lines: { level: LogLevel; entry: Record<string, unknown> }[] = [];
  const log = createLog({ logLevel, stage: 'dev' }, (level, line) =>
    lines.push({ level, entry: JSON.parse(line) as Record<string, unknown> }),
  );
  return { log, lines };
}

describe('the log', () => {
  it('writes one JSON line per entry: level, message, UTC timestamp, service, stage, then the fields', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-02T05:00:00Z'));
    const { log, lines } = capture('info');
    log.warn('security event: login throttled', { event: 'login_throttled', source_ip: '198.51.100.7' });
    expect(lines).toEqual([
      {
        level: 'warn',
        entry: {
          level: 'WARN',
          message: 'security event: login throttled',
          timestamp: '2026-12-02T05:00:00.000Z',
          service: 'auth-api',
          stage: 'dev',
          event: 'login_throttled',
          source_ip: '198.51.100.7',
        },
      },
    ]);
  });

  it.each([
    ['debug', ['DEBUG', 'INFO', 'WARN', 'ERROR']],
    ['info', ['INFO', 'WARN', 'ERROR']],
    ['warn', ['WARN', 'ERROR']],
    ['error', ['ERROR']],
  ] as const)('at %s writes only that level and above', (level, written) => {
    const { log, lines } = capture(level);
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(lines.map((l) => l.entry.level)).toEqual(written);
  });

  it("adds the invocation's request id to its lines, marks the process's first, and forgets both after it", () => {
    const { log, lines } = capture('info');
    log.startInvocation({ awsRequestId: 'req-1', functionName: 'auth-api-dev-login', memoryLimitInMB: '1024' });
    log.info('first');
    log.endInvocation();
    log.info('between');
    log.startInvocation({ awsRequestId: 'req-2' });
    log.info('second');
    expect(lines.map((l) => l.entry)).toEqual([
      expect.objectContaining({
        message: 'first',
        function_request_id: 'req-1',
        cold_start: true,
        function_name: 'auth-api-dev-login',
        function_memory_size: 1024,
      }),
      expect.not.objectContaining({ function_request_id: expect.anything() }),
      expect.objectContaining({ message: 'second', function_request_id: 'req-2', cold_start: false }),
    ]);
    expect(lines[2]!.entry).not.toHaveProperty('function_name');
  });

  it('writes errors and bigints in fields readably instead of failing', () => {
    const { log, lines } = capture('info');
    log.error('failed', { cause: new TypeError('bad'), big: 10n ** 20n, ...describeError(new RangeError('out')) });
    expect(lines[0]!.entry).toMatchObject({
      cause: { name: 'TypeError', message: 'bad' },
      big: '100000000000000000000',
      error: { name: 'RangeError', message: 'out' },
    });
  });
});
