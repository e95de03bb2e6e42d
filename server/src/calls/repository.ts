import type { ChatMessage, IdentityCheck, IdentityDocumentType, PeerRole } from '@oac/shared';
import type { Runner } from '../appointments/repository';
import { recordAudit, type Actor } from '../audit/audit';
import type { Db } from '../db/knex';

/** The number of earlier chat messages a joining peer receives. */
export const CHAT_HISTORY_LIMIT = 200;

export interface LobbySettings {
  message: string | null;
  away: boolean;
}

interface MessageRow {
  id: string;
  author_role: PeerRole;
  author_name: string;
  body: string;
  sent_at: Date;
}

const toChatMessage = (r: MessageRow): ChatMessage => ({
  id: r.id,
  role: r.author_role,
  name: r.author_name,
  text: r.body,
  sentAt: r.sent_at.toISOString(),
});

/** The durable part of calls: admissions, the chat and the clerks' lobby settings. */
export class CallRepository {
  constructor(private readonly db: Db) {}

  async admitted(appointmentId: string): Promise<boolean> {
    const row = await this.db('call_admissions').where({ appointment_id: appointmentId }).first('admitted');
    return row?.admitted ?? false;
  }

  /** Stores the clerk's decision with its audit record, in one transaction. */
  async setAdmitted(appointmentId: string, admitted: boolean, actor: Actor): Promise<void> {
    await this.db.transaction(async (trx) => {
      await trx('call_admissions')
        .insert({
          appointment_id: appointmentId,
          admitted,
          changed_by_staff_id: actor.kind === 'staff' ? actor.staffId : null,
          changed_at: trx.fn.now(),
        })
        .onConflict('appointment_id')
        .merge();
      await recordAudit(trx, {
        actor,
        entity: 'appointment',
        entityId: appointmentId,
        action: admitted ? 'call.admitted' : 'call.returned_to_lobby',
        from: admitted ? 'lobby' : 'admitted',
        to: admitted ? 'admitted' : 'lobby',
      });
    });
  }

  async addMessage(
    appointmentId: string,
    author: { role: PeerRole; name: string; staffId: string | null },
    text: string,
  ): Promise<ChatMessage> {
    const [row] = await this.db('call_messages')
      .insert({
        appointment_id: appointmentId,
        author_role: author.role,
        author_name: author.name,
        author_staff_id: author.staffId,
        body: text,
      })
      .returning<MessageRow[]>(['id', 'author_role', 'author_name', 'body', 'sent_at']);
    return toChatMessage(row!);
  }

  /** The latest messages, oldest first. */
  async messages(appointmentId: string, runner: Runner = this.db): Promise<ChatMessage[]> {
    const rows: MessageRow[] = await runner
      .from(
        runner('call_messages')
          .where({ appointment_id: appointmentId })
          .orderBy([
            { column: 'sent_at', order: 'desc' },
            { column: 'id', order: 'desc' },
          ])
          .limit(CHAT_HISTORY_LIMIT)
          .select('id', 'author_role', 'author_name', 'body', 'sent_at')
          .as('latest'),
      )
      .orderBy([{ column: 'sent_at' }, { column: 'id' }])
      .select('*');
    return rows.map(toChatMessage);
  }

  async lobbySettings(userIds: string[]): Promise<Map<string, LobbySettings>> {
    if (userIds.length === 0) return new Map();
    const rows: { user_id: string; message: string | null; away: boolean }[] = await this.db('clerk_lobby_settings')
      .whereIn('user_id', userIds)
      .select('user_id', 'message', 'away');
    return new Map(rows.map((r) => [r.user_id, { message: r.message, away: r.away }]));
  }

  async saveLobbySettings(userId: string, settings: LobbySettings, actor: Actor): Promise<void> {
    await this.db.transaction(async (trx) => {
      await trx('clerk_lobby_settings')
        .insert({ user_id: userId, message: settings.message, away: settings.away, updated_at: trx.fn.now() })
        .onConflict('user_id')
        .merge();
      await recordAudit(trx, {
        actor,
        entity: 'staff_user',
        entityId: userId,
        action: 'lobby.settings_changed',
        to: settings.away ? 'away' : 'available',
        details: { message: settings.message !== null },
      });
    });
  }

  /** The identity check, with its audit record, in one transaction. No image: who, when, which document. */
  async addIdentityCheck(
    appointmentId: string,
    documentType: IdentityDocumentType,
    actor: Extract<Actor, { kind: 'staff' }>,
  ): Promise<IdentityCheck> {
    return this.db.transaction(async (trx) => {
      const [row] = await trx('identity_checks')
        .insert({
          appointment_id: appointmentId,
          document_type: documentType,
          checked_by_staff_id: actor.staffId,
          checked_by_name: actor.name,
        })
        .returning<{ id: string; checked_at: Date }[]>(['id', 'checked_at']);
      await recordAudit(trx, {
        actor,
        entity: 'appointment',
        entityId: appointmentId,
        action: 'identity.checked',
        details: { documentType },
      });
      return { id: row!.id, documentType, checkedBy: actor.name, checkedAt: row!.checked_at.toISOString() };
    });
  }

  async identityChecks(appointmentId: string): Promise<IdentityCheck[]> {
    const rows: { id: string; document_type: IdentityDocumentType; checked_by_name: string; checked_at: Date }[] = await this.db(
      'identity_checks',
    )
      .where({ appointment_id: appointmentId })
      .orderBy('checked_at')
      .select('id', 'document_type', 'checked_by_name', 'checked_at');
    return rows.map((r) => ({
      id: r.id,
      documentType: r.document_type,
      checkedBy: r.checked_by_name,
      checkedAt: r.checked_at.toISOString(),
    }));
  }
}
