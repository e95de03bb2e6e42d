import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestServer } from '../support/context';
import { catalogue, makeSlot, personName } from '../support/http';
import { runLoad, type LoadResult } from './load';

/*
 * `npm run bench -- booking` (issue 12): 500 concurrent contenders over HTTP against one slot and
 * against 500 slots, with the bare SQL of a booking (counter upsert, ticket, appointment, in one
 * transaction through pg) as the baseline, in the same run.
 */

export interface BookingBench {
  double_bookings: number;
  bookings_per_s: number;
  baseline_inserts_per_s: number;
  ratio_to_baseline: number;
  book_p50_ms: number;
  book_p99_ms: number;
  one_slot: { winners: number; refused_409: number; p50_ms: number; p99_ms: number; wall_ms: number };
  contenders: number;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

/** The same inserts a booking makes, with nothing around them: the floor of what PostgreSQL can take here. */
async function bareInserts(databaseUrl: string, slots: string[], office: string, service: string, poolSize: number): Promise<number> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  const prefix = `B${randomBytes(2).toString('hex').toUpperCase()}`.slice(0, 6);
  const insert = async (slot: string, i: number) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const counter = await client.query(
        `INSERT INTO ticket_counters (prefix, year, last_value) VALUES ($1, 2026, 1)
         ON CONFLICT (prefix, year) DO UPDATE SET last_value = ticket_counters.last_value + 1 RETURNING last_value`,
        [prefix],
      );
      const ticket = await client.query(
        `INSERT INTO tickets (number, office_id, service_id, citizen_name, citizen_email) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [`${prefix}-2026-${String(counter.rows[0].last_value).padStart(6, '0')}`, office, service, personName(i), `bare${i}@example.org`],
      );
      await client.query(
        `INSERT INTO appointments (slot_id, office_id, service_id, ticket_id, citizen_name, citizen_email, language, token_hash)
         VALUES ($1, $2, $3, $4, $5, $6, 'ca', $7)`,
        [slot, office, service, ticket.rows[0].id, personName(i), `bare${i}@example.org`, randomBytes(32).toString('hex')],
      );
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK');
      throw err;
    } finally {
      client.release();
    }
  };
  const started = performance.now();
  await Promise.all(slots.map(insert));
  const wall = performance.now() - started;
  await pool.end();
  return slots.length / (wall / 1000);
}

export async function benchBooking(t: TestServer, contenders = 500): Promise<{ result: BookingBench; rows: string[][] }> {
  const ids = await catalogue(t.db);
  const office = ids.office('oac-ciutat-vella');
  const service = ids.service('PADRO');
  // Each contender from an address of its own, as citizens are (the server trusts the loopback proxy here).
  const request = (slotId: string, i: number, tag: string) => ({
    method: 'POST' as const,
    url: `${t.url}/api/bookings`,
    body: { slotId, serviceId: service, name: personName(i), email: `${tag}${i}@example.org` },
    headers: { 'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
  });
  // Warm the server and the pool, so the first measurement is not the one that pays for it.
  const warm = await Promise.all(Array.from({ length: 50 }, (_, i) => makeSlot(t.db, office, 30 * 24 * 60 + i * 20)));
  await runLoad(warm.map((s, i) => request(s, i, 'warm')));

  const bareSlots = await Promise.all(Array.from({ length: contenders }, (_, i) => makeSlot(t.db, office, 40 * 24 * 60 + i * 20)));
  const baseline = await bareInserts(t.env.DATABASE_URL!, bareSlots, office, service, Number(t.env.DATABASE_POOL_MAX ?? 20));

  const one = await makeSlot(t.db, office, 24 * 60);
  const oneSlot = await runLoad(Array.from({ length: contenders }, (_, i) => request(one, i, 'one')));
  const slots = await Promise.all(Array.from({ length: contenders }, (_, i) => makeSlot(t.db, office, 2 * 24 * 60 + i * 20)));
  const many: LoadResult = await runLoad(slots.map((s, i) => request(s, i, 'many')));

  const { rows: doubles } = await t.db.raw<{ rows: { n: number }[] }>(
    `SELECT count(*)::int AS n FROM slots s
     WHERE (SELECT count(*) FROM appointments a WHERE a.slot_id = s.id AND a.status <> 'cancelled') > s.capacity`,
  );
  const count = (r: LoadResult, status: number) => r.statuses.filter((s) => s === status).length;
  const perSecond = contenders / (many.wallMs / 1000);
  const result: BookingBench = {
    double_bookings: doubles[0]!.n,
    bookings_per_s: Math.round(perSecond),
    baseline_inserts_per_s: Math.round(baseline),
    ratio_to_baseline: Number((perSecond / baseline).toFixed(3)),
    book_p50_ms: Math.round(percentile(many.latencies, 50)),
    book_p99_ms: Math.round(percentile(many.latencies, 99)),
    one_slot: {
      winners: count(oneSlot, 201),
      refused_409: count(oneSlot, 409),
      p50_ms: Math.round(percentile(oneSlot.latencies, 50)),
      p99_ms: Math.round(percentile(oneSlot.latencies, 99)),
      wall_ms: Math.round(oneSlot.wallMs),
    },
    contenders,
  };
  if (count(many, 201) !== contenders)
    throw new Error(`500 slots: only ${count(many, 201)} bookings succeeded (${[...new Set(many.statuses)]})`);
  const rows = [
    [
      `${contenders} concurrent bookings, one slot`,
      'winners, p50 / p99',
      '',
      `${result.one_slot.winners}×201, ${result.one_slot.refused_409}×409, p50 ${result.one_slot.p50_ms} / p99 ${result.one_slot.p99_ms} ms`,
      result.one_slot.winners === 1 && result.double_bookings === 0 ? 'OK' : 'FAIL',
    ],
    [
      `${contenders} concurrent bookings, ${contenders} slots`,
      'bookings/s, p50 / p99',
      `bare SQL through pg: ${result.baseline_inserts_per_s}/s`,
      `${result.bookings_per_s}/s (${result.ratio_to_baseline}× baseline), p50 ${result.book_p50_ms} / p99 ${result.book_p99_ms} ms`,
      `double bookings ${result.double_bookings}; goal ≥ 1000/s, p99 < 250 ms: ${result.bookings_per_s >= 1000 && result.book_p99_ms < 250 ? 'met' : 'not met'}`,
    ],
  ];
  return { result, rows };
}
