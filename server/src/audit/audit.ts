import type { AuditEntry, Principal } from '@oac/shared';
import type { Knex } from 'knex';
import type { Db } from '../db/knex';

/** Who made a change: the citizen of an appointment, a member of staff, or the platform itself. */
export type Actor = { kind: 'citizen'; name: string } | { kind: 'staff'; staffId: string; name: string } | { kind: 'system'; name: string };

export const SYSTEM: Actor = { kind: 'system', name: 'system' };

export function actorOf(principal: Principal): Actor {
  return principal.kind === 'citizen'
    ? { kind: 'citizen', name: principal.name }
    : { kind: 'staff', staffId: principal.userId, name: principal.name };
}

export interface AuditRecord {
  actor: Actor;
  /** What changed: `appointment`, `ticket`, `document`, ... */
  entity: string;
  entityId: string;
  /** `entity.verb`, snake_case: `appointment.checked_in`, `document.stamped`. */
  action: string;
  from?: string | null;
  to?: string | null;
  details?: Record<string, unknown>;
}

/**
 * The one audit trail of the platform: every state change of every domain is written here, with
 * who, what, when and from which state to which, through this one function, inside the
 * transaction of the change itself, so that a change is never without its record.
 */
export async function recordAudit(runner: Db | Knex.Transaction, ...records: AuditRecord[]): Promise<void> {
  await runner('audit_events').insert(
    records.map((r) => ({
      actor_kind: r.actor.kind,
      actor_staff_id: r.actor.kind === 'staff' ? r.actor.staffId : null,
      actor_name: r.actor.name,
      entity: r.entity,
      entity_id: r.entityId,
      action: r.action,
      from_state: r.from ?? null,
      to_state: r.to ?? null,
      details: JSON.stringify(r.details ?? {}),
    })),
  );
}

export async function auditTrail(db: Db, entity: string, entityId: string): Promise<AuditEntry[]> {
  const rows: {
    at: Date;
    actor_kind: AuditEntry['actor']['kind'];
    actor_name: string;
    action: string;
    from_state: string | null;
    to_state: string | null;
  }[] = await db('audit_events')
    .where({ entity, entity_id: entityId })
    .orderBy([{ column: 'at' }, { column: 'id' }])
    .select('at', 'actor_kind', 'actor_name', 'action', 'from_state', 'to_state');
  return rows.map((r) => ({
    at: r.at.toISOString(),
    actor: { kind: r.actor_kind, name: r.actor_name },
    action: r.action,
    from: r.from_state,
    to: r.to_state,
  }));
}
