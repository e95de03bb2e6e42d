import { AppError, type LocalizedText, type Principal } from '@oac/shared';
import type { z } from 'zod';
import type { Checklist } from '@oac/shared';
import { actorOf, recordAudit } from '../audit/audit';
import type { DocumentService } from './service';

type ChecklistView = z.infer<typeof Checklist>;

/**
 * The documents the procedure asks for (its catalogue entry), as a list the clerk ticks off as they
 * arrive. The labels come from the catalogue as it is now; the ticks are the appointment's.
 */
export class DocumentChecklist {
  constructor(private readonly docs: DocumentService) {}

  async get(principal: Principal | null, appointmentId: string): Promise<ChecklistView> {
    const appt = await this.docs.assertAppointment(principal, appointmentId, 'read_documents');
    return this.view(appt.id, appt.service_id);
  }

  private async view(appointmentId: string, serviceId: string): Promise<ChecklistView> {
    const service = await this.docs.db('services').where({ id: serviceId }).first<{ documents: LocalizedText[] }>('documents');
    const ticks: { item_index: number; document_id: string | null; checked_at: Date; name: string }[] = await this.docs
      .db('document_checklist as k')
      .join('staff_users as s', 's.id', 'k.checked_by_staff_id')
      .where('k.appointment_id', appointmentId)
      .select('k.item_index', 'k.document_id', 'k.checked_at', 's.name');
    return (service?.documents ?? []).map((label, index) => {
      const tick = ticks.find((k) => k.item_index === index);
      return {
        index,
        label,
        done: Boolean(tick),
        documentId: tick?.document_id ?? null,
        checkedBy: tick?.name ?? null,
        checkedAt: tick?.checked_at.toISOString() ?? null,
      };
    });
  }

  async update(
    principal: Principal,
    appointmentId: string,
    index: number,
    done: boolean,
    documentId: string | null,
  ): Promise<ChecklistView> {
    const appt = await this.docs.assertAppointment(principal, appointmentId, 'issue_documents');
    if (principal.kind !== 'staff') throw new AppError('forbidden', 'Only staff tick the checklist.');
    const current = await this.view(appt.id, appt.service_id);
    if (!current[index]) throw new AppError('not_found', 'The procedure asks for no such document.');
    if (documentId) {
      const doc = await this.docs.repo.find(documentId);
      if (!doc || doc.appointment_id !== appt.id) throw new AppError('document_not_found', 'That document is not one of this appointment.');
    }
    await this.docs.db.transaction(async (trx) => {
      if (done) {
        await trx('document_checklist')
          .insert({ appointment_id: appt.id, item_index: index, document_id: documentId, checked_by_staff_id: principal.userId })
          .onConflict(['appointment_id', 'item_index'])
          .merge({ document_id: documentId, checked_by_staff_id: principal.userId, checked_at: trx.fn.now() });
      } else {
        await trx('document_checklist').where({ appointment_id: appt.id, item_index: index }).delete();
      }
      await recordAudit(trx, {
        actor: actorOf(principal),
        entity: 'appointment',
        entityId: appt.id,
        action: done ? 'checklist.checked' : 'checklist.unchecked',
        details: { index, label: current[index]!.label.ca, documentId },
      });
    });
    return this.view(appt.id, appt.service_id);
  }
}
