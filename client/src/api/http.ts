import { isRetryable, routes, type RouteName } from '@oac/shared';
import { fillPath, type PathParams } from '../router/match';
import { Failure, failureFromBody, toFailure } from './failure';

/** How a request proves who is asking: the citizen's private token, or the staff session cookie. */
export type Auth = { kind: 'citizen'; token: string } | { kind: 'staff' } | { kind: 'public' };

export function authHeaders(auth: Auth): Record<string, string> {
  return auth.kind === 'citizen' ? { Authorization: `Bearer ${auth.token}` } : {};
}

type Routes = typeof routes;
type JsonRouteName = { [N in RouteName]: Routes[N]['response'] extends 'binary' ? never : N }[RouteName];
export type RouteResult<N extends JsonRouteName> = Routes[N]['response'] extends { parse(data: unknown): infer T } ? T : never;

interface ResponseSchema {
  safeParse(data: unknown): { success: true; data: unknown } | { success: false; error: unknown };
}

export interface CallOptions<N extends RouteName> {
  params?: Record<PathParams<Routes[N]['path']>, string>;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  auth?: Auth;
  signal?: AbortSignal;
}

export function routeUrl<N extends RouteName>(name: N, options: Pick<CallOptions<N>, 'params' | 'query'>): string {
  const pattern: string = routes[name].path;
  const path = options.params ? fillPath(pattern, options.params as Record<PathParams<string>, string>) : pattern;
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined) query.set(key, String(value));
  }
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** A read that meets a platform outage (the database restarting, say) is tried again this many times. */
const READ_RETRIES = 3;
const READ_RETRY_MAX_WAIT_MS = 5_000;

function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new DOMException('aborted', 'AbortError'));
    });
  });
}

/**
 * Calls a route of the shared route table and parses its answer with the route's own
 * schema, so the rest of the client only ever sees values that match the protocol. A GET that
 * meets a retryable outage (503 `database_unavailable`...) is tried again after the wait the
 * server asks for; a write never is, since it may have happened.
 */
export async function callRoute<N extends JsonRouteName>(name: N, options: CallOptions<N> = {}): Promise<RouteResult<N>> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await callRouteOnce(name, options);
    } catch (error) {
      const retry = routes[name].method === 'get' && attempt < READ_RETRIES && error instanceof Failure && isRetryable(error.code);
      if (!retry || error.code === 'rate_limited') throw error;
      const asked = (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
      const ms = typeof asked === 'number' ? asked * 1000 : 1_000 * 2 ** attempt;
      await wait(Math.min(READ_RETRY_MAX_WAIT_MS, ms), options.signal);
    }
  }
}

async function callRouteOnce<N extends JsonRouteName>(name: N, options: CallOptions<N>): Promise<RouteResult<N>> {
  const route = routes[name];
  const headers: Record<string, string> = { Accept: 'application/json', ...authHeaders(options.auth ?? { kind: 'public' }) };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(routeUrl(name, options), {
      method: route.method.toUpperCase(),
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: options.signal ?? null,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw toFailure(error);
  }
  const body = await readJson(response);
  if (!response.ok) throw failureFromBody(response.status, body);
  const parsed = (route.response as ResponseSchema).safeParse(body);
  if (!parsed.success) {
    console.error(`callRoute(${name}): the answer does not match the protocol`, parsed.error);
    throw new Failure('unexpected_response', `${name}: response does not match its schema`, response.status);
  }
  return parsed.data as RouteResult<N>;
}

/** True when an error is the abort of a request the UI no longer needs. */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
