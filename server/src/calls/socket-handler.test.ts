import { AppError } from '@oac/shared';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { exceedsPayloadBounds, handler, toAckError } from './socket-handler';

function capture() {
  const lines: { level: number; msg: string; err?: { stack?: string } }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { log: pino({ level: 'trace' }, stream), lines };
}

const flush = () => new Promise((r) => setTimeout(r, 10));

describe('exceedsPayloadBounds', () => {
  it('lets real payloads through and stops deep or huge ones without recursing', () => {
    expect(exceedsPayloadBounds({ rtpParameters: { codecs: [{ parameters: { 'profile-id': 2 } }], encodings: [{}] } })).toBe(false);
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(exceedsPayloadBounds(deep)).toBe(true);
    expect(exceedsPayloadBounds(Array.from({ length: 10_000 }, () => 1))).toBe(true);
    expect(exceedsPayloadBounds(null)).toBe(false);
  });
});

describe('handler', () => {
  const schema = z.strictObject({ n: z.number() });

  it('finds the ack wherever it is, and refuses a missing or extra payload', async () => {
    const { log } = capture();
    const h = handler(log, 'test', schema, async ({ n }) => n * 2);
    const acks: unknown[] = [];
    h((r: unknown) => acks.push(r));
    h({ n: 1 }, 'extra', (r: unknown) => acks.push(r));
    h({ n: 2 }, (r: unknown) => acks.push(r));
    await flush();
    expect(acks).toEqual([
      expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'validation_error' }) }),
      expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'validation_error' }) }),
      { ok: true, data: 4 },
    ]);
  });

  it('logs bad input at debug, without a stack, and our own bugs at error, with one', async () => {
    const { log, lines } = capture();
    let deep: unknown = {};
    for (let i = 0; i < 1_000; i++) deep = { a: deep };
    const bad = handler(log, 'test', schema, async () => 1);
    bad(deep, () => undefined);
    bad({ n: 'x' }, () => undefined);
    const buggy = handler(log, 'test', schema, async () => {
      throw new TypeError('boom');
    });
    buggy({ n: 1 }, () => undefined);
    await flush();
    const [first, second, third] = lines;
    expect(first).toMatchObject({ level: 20 });
    expect(second).toMatchObject({ level: 20 });
    expect(JSON.stringify([first, second])).not.toContain('stack');
    expect(third).toMatchObject({ level: 50 });
    expect(third?.err?.stack).toContain('boom');
  });

  it('says outages at warn, with the code the client can retry on', () => {
    const { log, lines } = capture();
    const ack = toAckError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }), log, 'test');
    expect(ack).toMatchObject({ ok: false, error: { code: 'database_unavailable' } });
    expect(toAckError(new AppError('media_busy', 'no port'), log, 'test')).toMatchObject({ error: { code: 'media_busy' } });
    expect(lines.map((l) => l.level)).toEqual([40, 40]);
  });
});
