import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { requestIdFrom, setLogAppointment, withLogContext } from './log-context';
import { createRootLogger } from './logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      cb();
    },
  });
  return { log: createRootLogger(sink).child({ module: 'test' }), lines };
}

describe('log context', () => {
  it('puts the request id, and the appointment once known, on every line written while serving it', async () => {
    const { log, lines } = capture();
    log.info('before');
    await withLogContext({ requestId: 'req-0001-abcd' }, async () => {
      log.info('start');
      await new Promise((r) => setTimeout(r, 5));
      setLogAppointment('appt-1');
      log.info('later, after an await');
    });
    log.info('after');
    expect(lines.map((l) => [l.msg, l.requestId ?? null, l.appointmentId ?? null])).toEqual([
      ['before', null, null],
      ['start', 'req-0001-abcd', null],
      ['later, after an await', 'req-0001-abcd', 'appt-1'],
      ['after', null, null],
    ]);
  });

  it('keeps two requests served at once apart', async () => {
    const { log, lines } = capture();
    await Promise.all(
      ['req-aaaa-0001', 'req-bbbb-0002'].map((id, i) =>
        withLogContext({ requestId: id }, async () => {
          await new Promise((r) => setTimeout(r, 10 - i * 5));
          log.info(id);
        }),
      ),
    );
    expect(lines.every((l) => l.msg === l.requestId)).toBe(true);
  });

  it('takes a sane request id from a proxy and makes its own for anything else', () => {
    expect(requestIdFrom('lb-7f3a9c21')).toBe('lb-7f3a9c21');
    for (const bad of [undefined, '', 'short', 'has spaces in it', 'x'.repeat(200), ['a-b-c-d-e-f', 'g'], 'bad\nline-injection']) {
      expect(requestIdFrom(bad as string | undefined)).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
