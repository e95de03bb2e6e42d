/*
 * Telling "the database is down, frozen or overloaded" apart from "this query is wrong". The first
 * is `database_unavailable` (503, retryable) at every edge; the second stays a bug.
 */

import type { AppError } from '@oac/shared';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** Messages of node-postgres for a connection that failed or never answered. */
const PG_CONNECTION_MESSAGES = [
  'Query read timeout',
  'Connection terminated',
  'timeout expired',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
];

/**
 * SQLSTATEs that mean the server is going away or cannot serve now: class 08 (connection
 * exception), admin/crash shutdown, cannot connect now, too many connections.
 */
function isUnavailableSqlState(code: string): boolean {
  return code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300';
}

function fields(error: unknown): { name?: string; code?: string; message?: string; errors?: unknown[] } {
  return typeof error === 'object' && error !== null ? (error as { name?: string; code?: string; message?: string }) : {};
}

/** The connection itself failed, so it must never be used again (the query may never have run). */
export function isConnectionFailure(error: unknown): boolean {
  const e = fields(error);
  if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || isUnavailableSqlState(e.code))) return true;
  if (typeof e.message === 'string' && PG_CONNECTION_MESSAGES.some((m) => e.message!.includes(m))) return true;
  // Node reports a refused dual-stack connect as an AggregateError of the attempts.
  return Array.isArray(e.errors) && e.errors.some(isConnectionFailure);
}

/**
 * PostgreSQL cannot serve this request now: the connection failed, no pooled connection came free
 * in time, or the statement ran past the statement timeout.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = fields(error);
  if (e.name === 'KnexTimeoutError') return true;
  // 57014: query_canceled, which is what statement_timeout raises.
  if (e.code === '57014') return true;
  return isConnectionFailure(error);
}

/** The constraint a PostgreSQL error names, when it is a violated one (SQLSTATE class 23). */
export function violatedConstraint(error: unknown): string | undefined {
  const e = fields(error) as { code?: string; constraint?: string };
  return typeof e.code === 'string' && e.code.startsWith('23') ? e.constraint : undefined;
}

/**
 * The rules a domain leaves to the database, turned back into the protocol's errors: a `.catch()`
 * that throws the AppError `errors` gives for the violated constraint, or the error itself.
 */
export function rethrowConstraint(errors: Readonly<Record<string, () => AppError>>): (error: unknown) => never {
  return (error) => {
    const name = violatedConstraint(error);
    const make = name === undefined ? undefined : errors[name];
    throw make ? make() : error;
  };
}
