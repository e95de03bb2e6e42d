import {
  AppError,
  type AdminOffice,
  type AffectedAppointment,
  type CatalogueChange,
  type CatalogueEntry,
  type NewCatalogueService,
  type NewOffice,
  type OfficeDetailsRequest,
  type Principal,
  type SchedulingChange,
  type ServiceFields,
} from '@oac/shared';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { actorOf, recordAudit } from '../audit/audit';
import type { Db } from '../db/knex';
import { assertTimeZone } from '../scheduling/generate';
import { assertAdmin, assertEditsOffice, assertEditsService, assertManager, assertSetsOffices, officesForNew } from './access';
import type { CatalogueRepository, OfficeRow, ServiceFieldsRow, ServiceRow } from './repository';
import { rethrowConstraint } from '../db/errors';

/** The slots of an office, made again by the scheduling domain after a change here commits. */
export interface SlotRegenerator {
  regenerate(principal: null, officeId: string, opts: { system: true }): Promise<SchedulingChange>;
}

/** The database's catalogue rules, as the protocol's errors. */
const CONSTRAINT_ERRORS: Record<string, () => AppError> = {
  services_code_unique: () => new AppError('code_taken', 'Another procedure already has that code.'),
  offices_slug_unique: () => new AppError('slug_taken', 'Another office already has that short name.'),
  offices_ticket_prefix_unique: () => new AppError('ticket_prefix_taken', 'Another office already uses that ticket prefix.'),
  offices_time_zone_known: () => new AppError('unknown_time_zone', 'That time zone is not known.'),
};

const constraintError = rethrowConstraint(CONSTRAINT_ERRORS);

export function toAdminOffice(o: OfficeRow): AdminOffice {
  return {
    id: o.id,
    slug: o.slug,
    ticketPrefix: o.ticket_prefix,
    name: { ca: o.name_ca, es: o.name_es, en: o.name_en },
    address: o.address,
    kind: o.kind,
    timeZone: o.time_zone,
    channels: o.channels,
    active: o.active,
  };
}

export function toCatalogueEntry(v: ServiceRow): CatalogueEntry {
  return {
    id: v.id,
    code: v.code,
    name: { ca: v.name_ca, es: v.name_es, en: v.name_en },
    description: { ca: v.description_ca, es: v.description_es, en: v.description_en },
    durationMinutes: v.duration_minutes,
    channels: v.channels,
    documents: v.documents,
    retentionDays: v.retention_days,
    active: v.active,
    officeIds: v.office_ids,
  };
}

function fieldsRow(f: ServiceFields): ServiceFieldsRow {
  return {
    name_ca: f.name.ca,
    name_es: f.name.es,
    name_en: f.name.en,
    description_ca: f.description.ca,
    description_es: f.description.es,
    description_en: f.description.en,
    duration_minutes: f.durationMinutes,
    channels: [...new Set(f.channels)],
    documents: f.documents,
    retention_days: f.retentionDays,
    active: f.active,
  };
}

/** A procedure's fields as the audit trail keeps them. */
function fieldsOf(entry: CatalogueEntry): ServiceFields {
  const { id: _id, code: _code, officeIds: _offices, ...fields } = entry;
  return fields;
}

/** Offices, their details, and the procedure catalogue, as schedulers and admins manage them (issue 14). */
export class CatalogueService {
  constructor(
    private readonly db: Db,
    private readonly repo: CatalogueRepository,
    private readonly slots: SlotRegenerator,
    private readonly log: Logger,
  ) {}

  async offices(principal: Principal | null): Promise<AdminOffice[]> {
    assertManager(principal);
    return (await this.repo.offices(this.db)).map(toAdminOffice);
  }

  async createOffice(principal: Principal | null, input: NewOffice): Promise<AdminOffice> {
    const manager = assertManager(principal);
    assertAdmin(manager, 'open an office');
    const timeZone = input.timeZone;
    try {
      assertTimeZone(timeZone);
    } catch {
      throw new AppError('unknown_time_zone', 'That time zone is not known.');
    }
    const office = await this.db
      .transaction(async (trx) => {
        const id = await this.repo.insertOffice(trx, {
          slug: input.slug,
          ticket_prefix: input.ticketPrefix,
          kind: input.kind,
          name_ca: input.name.ca,
          name_es: input.name.es,
          name_en: input.name.en,
          address: input.address,
          time_zone: timeZone,
          channels: [...new Set(input.channels)],
          // Without hours or a roster it has nothing to offer yet: citizens see it once its planner turns it on.
          active: false,
        });
        const created = toAdminOffice((await this.repo.office(trx, id))!);
        await recordAudit(trx, {
          actor: actorOf(manager),
          entity: 'office',
          entityId: id,
          action: 'office.created',
          details: { before: null, after: created },
        });
        return created;
      })
      .catch(constraintError);
    await this.#regenerate([office.id]);
    return office;
  }

  async saveOfficeDetails(principal: Principal | null, officeId: string, details: OfficeDetailsRequest): Promise<AdminOffice> {
    const manager = assertManager(principal);
    assertEditsOffice(manager, officeId);
    return this.db.transaction(async (trx) => {
      const before = await this.#office(trx, officeId);
      await this.repo.updateOffice(trx, officeId, {
        kind: details.kind,
        name_ca: details.name.ca,
        name_es: details.name.es,
        name_en: details.name.en,
        address: details.address,
      });
      await recordAudit(trx, {
        actor: actorOf(manager),
        entity: 'office',
        entityId: officeId,
        action: 'office.changed',
        from: before.kind,
        to: details.kind,
        details: {
          before: { name: { ca: before.name_ca, es: before.name_es, en: before.name_en }, address: before.address, kind: before.kind },
          after: details,
        },
      });
      return toAdminOffice((await this.repo.office(trx, officeId))!);
    });
  }

  async catalogue(principal: Principal | null): Promise<CatalogueEntry[]> {
    assertManager(principal);
    return (await this.repo.services(this.db)).map(toCatalogueEntry);
  }

  async createService(principal: Principal | null, input: NewCatalogueService): Promise<CatalogueChange> {
    const manager = assertManager(principal);
    const officeIds = officesForNew(manager, input.officeIds);
    const service = await this.db
      .transaction(async (trx) => {
        await this.#assertOfficesExist(trx, officeIds);
        const id = await this.repo.insertService(trx, input.code, fieldsRow(input));
        await this.repo.setServiceOffices(trx, id, officeIds);
        const created = toCatalogueEntry((await this.repo.service(trx, id))!);
        await recordAudit(trx, {
          actor: actorOf(manager),
          entity: 'service',
          entityId: id,
          action: 'service.created',
          details: { before: null, after: created },
        });
        return created;
      })
      .catch(constraintError);
    return { service, affected: await this.#regenerate(officeIds) };
  }

  async saveService(principal: Principal | null, id: string, fields: ServiceFields): Promise<CatalogueChange> {
    const manager = assertManager(principal);
    const { before, after } = await this.db.transaction(async (trx) => {
      const row = await this.#service(trx, id);
      assertEditsService(manager, row.office_ids);
      const was = toCatalogueEntry(row);
      await this.repo.updateService(trx, id, fieldsRow(fields));
      const now = toCatalogueEntry((await this.repo.service(trx, id))!);
      await recordAudit(trx, {
        actor: actorOf(manager),
        entity: 'service',
        entityId: id,
        action: 'service.changed',
        details: { before: fieldsOf(was), after: fieldsOf(now) },
      });
      return { before: was, after: now };
    });
    // A new length, or a procedure turned on or off, cuts the offices' slots anew.
    const reslots = before.durationMinutes !== after.durationMinutes || before.active !== after.active;
    return { service: after, affected: reslots ? await this.#regenerate(after.officeIds) : [] };
  }

  async setOffices(principal: Principal | null, id: string, requested: string[]): Promise<CatalogueChange> {
    const manager = assertManager(principal);
    const officeIds = [...new Set(requested)];
    const { before, after } = await this.db.transaction(async (trx) => {
      const row = await this.#service(trx, id);
      assertSetsOffices(manager, row.office_ids, officeIds);
      await this.#assertOfficesExist(trx, officeIds);
      await this.repo.setServiceOffices(trx, id, officeIds);
      const now = toCatalogueEntry((await this.repo.service(trx, id))!);
      await recordAudit(trx, {
        actor: actorOf(manager),
        entity: 'service',
        entityId: id,
        action: 'service.offices_changed',
        details: { before: { officeIds: row.office_ids }, after: { officeIds: now.officeIds } },
      });
      return { before: row.office_ids, after: now };
    });
    const touched = [...new Set([...before, ...after.officeIds])].filter((o) => !before.includes(o) || !after.officeIds.includes(o));
    return { service: after, affected: await this.#regenerate(touched) };
  }

  /**
   * After the change has committed: the change stands even if a regeneration fails, and the
   * horizon's next round (`keepHorizon`) makes those slots then, so a failure here is only logged.
   */
  async #regenerate(officeIds: string[]): Promise<AffectedAppointment[]> {
    const affected: AffectedAppointment[] = [];
    for (const officeId of officeIds) {
      try {
        affected.push(...(await this.slots.regenerate(null, officeId, { system: true })).affected);
      } catch (err) {
        this.log.warn({ err, officeId }, 'regenerate() failed after a catalogue change; the horizon job will catch up');
      }
    }
    return affected;
  }

  async #office(db: Db | Knex.Transaction, id: string): Promise<OfficeRow> {
    const office = await this.repo.office(db, id);
    if (!office) throw new AppError('not_found', 'That office does not exist.');
    return office;
  }

  async #service(trx: Knex.Transaction, id: string): Promise<ServiceRow> {
    const row = await this.repo.service(trx, id, true);
    if (!row) throw new AppError('not_found', 'That procedure does not exist.');
    return row;
  }

  async #assertOfficesExist(trx: Knex.Transaction, officeIds: string[]): Promise<void> {
    const known = await this.repo.officeIdsThatExist(trx, officeIds);
    const unknown = officeIds.filter((id) => !known.has(id));
    if (unknown.length) {
      throw new AppError('validation_error', 'Some of those offices do not exist.', [{ path: 'officeIds', code: 'unknown_office' }]);
    }
  }
}
