import type { Db } from '@oac/server';
import type { BookingResponse } from '@oac/shared';

export interface ApiResult<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export async function api<T = any>(
  base: string,
  path: string,
  opts: {
    method?: string;
    json?: unknown;
    raw?: string;
    token?: string;
    cookie?: string;
    headers?: Record<string, string>;
    body?: RequestInit['body'];
  } = {},
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.cookie) headers.cookie = opts.cookie;
  let body: RequestInit['body'] | undefined = opts.body;
  if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.raw !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = opts.raw;
  }
  const res = await fetch(base + path, { method: opts.method ?? (body ? 'POST' : 'GET'), headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

export async function login(base: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

/** The demo catalogue's ids, by slug and code. */
export async function catalogue(db: Db) {
  const offices = await db('offices').select('id', 'slug');
  const services = await db('services').select('id', 'code');
  const office = (slug: string) => offices.find((o) => o.slug === slug)!.id as string;
  const service = (code: string) => services.find((s) => s.code === code)!.id as string;
  return { office, service };
}

/**
 * A slot that starts `minutesFromNow` from now (negative for the past), for one office, with one
 * seat: the clerk's, or with no clerk, a seat set by hand. It is for `serviceId`, or else for the
 * procedure most tests book at that office (PADRO at the OAC, LLOGUER at housing).
 */
export async function makeSlot(
  db: Db,
  officeId: string,
  minutesFromNow: number,
  clerkId: string | null = null,
  serviceId?: string,
): Promise<string> {
  const service =
    serviceId ??
    (
      await db('services as v')
        .join('service_offices as so', 'so.service_id', 'v.id')
        .where('so.office_id', officeId)
        .orderByRaw(`(v.code IN ('PADRO', 'LLOGUER')) DESC, v.code`)
        .first('v.id')
    ).id;
  const [row] = await db('slots')
    .insert({
      office_id: officeId,
      service_id: service,
      clerk_ids: clerkId ? [clerkId] : [],
      capacity: 1,
      capacity_override: clerkId ? null : 1,
      starts_at: db.raw(`now() + (? || ' minutes')::interval`, [minutesFromNow]),
      ends_at: db.raw(`now() + (? || ' minutes')::interval`, [minutesFromNow + 20]),
    })
    .returning('id');
  return row.id;
}

export async function book(base: string, slotId: string, serviceId: string, name = 'Anna Garcia Puig', email = 'anna@example.org') {
  const res = await api<BookingResponse>(base, '/api/bookings', { json: { slotId, serviceId, name, email, language: 'ca' } });
  if (res.status !== 201) throw new Error(`booking failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A distinct name for the `i`-th of many test citizens; names are letters only, so `i` is spelt in letters. */
export function personName(i: number): string {
  let letters = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(97 + ((n - 1) % 26)) + letters;
  return `Persona ${letters}`;
}

export const DEMO = {
  clerk: { email: 'clerk@oac.example', password: 'demo-clerk-2026' },
  housingClerk: { email: 'housing.clerk@oac.example', password: 'demo-clerk-2026' },
  scheduler: { email: 'scheduler@oac.example', password: 'demo-scheduler-2026' },
  admin: { email: 'admin@oac.example', password: 'demo-admin-2026' },
} as const;

/** The citizens of the tests, with the office and procedure each one books. */
export const PEOPLE = {
  anna: { name: 'Anna Garcia', email: 'anna@example.org', office: 'oac-ciutat-vella', service: 'PADRO' },
  pere: { name: 'Pere Soler', email: 'pere@example.org', office: 'oac-ciutat-vella', service: 'TAXES' },
  joan: { name: 'Joan Riera', email: 'joan@example.org', office: 'habitatge-eixample', service: 'LLOGUER' },
} as const;

/** Books a fresh slot, `minutesFromNow` ahead, for one of PEOPLE, through the real API. */
export async function bookFor(t: { url: string; db: Db }, who: keyof typeof PEOPLE, minutesFromNow: number) {
  const person = PEOPLE[who];
  const ids = await catalogue(t.db);
  const slot = await makeSlot(t.db, ids.office(person.office), minutesFromNow, null, ids.service(person.service));
  return book(t.url, slot, ids.service(person.service), person.name, person.email);
}
