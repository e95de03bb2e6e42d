/*
 * Who serves a queue, and in what order the queues are served, at an instant: one definition each,
 * the SQL functions of migration 013 (a queue's permanent members plus the clerks a seasonal peak
 * lends it; a peak's rank override, else the queue's own rank). Every query that decides an offer,
 * a place in line, an estimate's clerks, a ticket's visibility or the order of a list goes through
 * these two fragments, never through `queue_members` or `queues.rank` directly.
 *
 * `at` is the SQL of a bound instant (`?` or `:now`): the service's clock, so tests can move it.
 */

/** A table `(queue_id, staff_id)` of the clerks who count as members of each queue at `at`. */
export const effectiveMembers = (at: string): string => `effective_queue_members(${at}::timestamptz)`;

/** The rank of the queue aliased `q` at `at`. */
export const effectiveRank = (q: string, at: string): string => `effective_queue_rank(${q}.id, ${q}.rank, ${at}::timestamptz)`;
