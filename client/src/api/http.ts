import { routes, type RouteName } from '@oac/shared';
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

/**
 * Calls a route of the shared route table and parses its answer with the route's own
 * schema, so the rest of the client only ever sees values that match the protocol.
 */
export async function callRoute<N extends JsonRouteName>(name: N, options: CallOptions<N> = {}): Promise<RouteResult<N>> {
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
