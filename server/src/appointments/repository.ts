import type { AppointmentStatus, CallMode, Channel, Language } from '@oac/shared';
import type { Knex } from 'knex';
import type { Db } from '../db/knex';

/** Either the pool or a transaction: repository methods run in whichever the caller holds. */
export type Runner = Db | Knex.Transaction;

export interface AppointmentRow {
  id: string;
  /** Null for an on-demand call (attend me now), which no slot holds. */
  slot_id: string | null;
  on_demand: boolean;
  office_id: string;
  service_id: string;
  clerk_id: string | null;
  ticket_id: string;
  ticket_number: string;
  citizen_name: string;
  citizen_email: string;
  language: Language;
  status: AppointmentStatus;
  channel: Channel;
  /** `chat`: chat help from the line, until its clerk turns it into video. */
  call_mode: CallMode;
  starts_at: Date;
  ends_at: Date;
  checked_in_at: Date | null;
  call_started_at: Date | null;
  ended_at: Date | null;
  cancelled_at: Date | null;
  staff_notes: string;
  revision: number;
  office_name_ca: string;
  office_name_es: string;
  office_name_en: string;
  office_address: string;
  service_code: string;
  service_name_ca: string;
  service_name_es: string;
  service_name_en: string;
  clerk_name: string | null;
}

/** The columns a lifecycle change may write. */
export interface AppointmentChange {
  status?: AppointmentStatus;
  checked_in_at?: Date | Knex.Raw | null;
  call_started_at?: Date | Knex.Raw | null;
  ended_at?: Date | Knex.Raw | null;
  ended_by_staff_id?: string | null;
  cancelled_at?: Date | Knex.Raw | null;
  /** Only an on-demand call's: its end, once it has ended. */
  ends_at?: Date;
  staff_notes?: string;
  slot_id?: string;
  clerk_id?: string | null;
  call_mode?: CallMode;
  revision?: Knex.Raw;
}

export interface NewAppointment {
  /** Made by the caller, so that what refers to the appointment can be written before it. */
  id: string;
  ticketId: string;
  slotId: string;
  officeId: string;
  serviceId: string;
  clerkId: string | null;
  ticketPrefix: string;
  citizenName: string;
  citizenEmail: string;
  language: Language;
  tokenHash: string;
  /** By video unless said otherwise. */
  channel?: Channel;
}

/**
 * The one home of the `appointments` table and of the tickets they open: every read and write of
 * either goes through here, with explicit columns (issue 12).
 */
export class AppointmentRepository {
  constructor(private readonly db: Db) {}

  find(id: string, runner: Runner = this.db): Promise<AppointmentRow | undefined> {
    return this.select(runner).where('a.id', id).first();
  }

  /** The row, locked for the rest of the caller's transaction. */
  findForUpdate(trx: Knex.Transaction, id: string): Promise<AppointmentRow | undefined> {
    return this.select(trx).where('a.id', id).forUpdate('a').first();
  }

  /** Appointments by id, in the order of their start time. */
  findMany(ids: string[]): Promise<AppointmentRow[]> {
    return this.select(this.db).whereIn('a.id', ids).orderBy('s.starts_at');
  }

  /**
   * The appointment of a citizen's private token, stored only as its hash: the one made at booking,
   * or one of a message's own links while it is valid. Cancelled appointments included.
   */
  async findIdByTokenHash(tokenHash: string): Promise<{ id: string; citizen_name: string } | undefined> {
    const own = await this.db('appointments').select('id', 'citizen_name').where({ token_hash: tokenHash }).first();
    if (own) return own;
    return this.db('appointment_links as l')
      .join('appointments as a', 'a.id', 'l.appointment_id')
      .where('l.token_hash', tokenHash)
      .andWhere('l.expires_at', '>', this.db.fn.now())
      .first('a.id', 'a.citizen_name');
  }

  /** The appointment of a ticket number and e-mail, for a lost link; null when they do not match. */
  findByTicketAndEmail(ticketNumber: string, email: string): Promise<AppointmentRow | undefined> {
    return this.select(this.db).where('t.number', ticketNumber).andWhereRaw('lower(a.citizen_email) = lower(?)', [email]).first();
  }

  /**
   * Appointment ids of a Madrid calendar day, cancelled ones left out, optionally narrowed to an
   * office; with a clerk, to what the clerk may take: their own appointments wherever they are
   * rostered, and their office's unassigned ones (the access rule's scope).
   */
  async dayIds(date: string, scope: { officeId: string | null; clerkId: string | null }): Promise<string[]> {
    const q = this.db('appointments as a')
      .leftJoin('slots as s', 's.id', 'a.slot_id')
      .select('a.id')
      .whereNot('a.status', 'cancelled')
      .andWhereRaw(`coalesce(s.starts_at, a.starts_at) >= (?::date)::timestamp AT TIME ZONE 'Europe/Madrid'`, [date])
      .andWhereRaw(`coalesce(s.starts_at, a.starts_at) < ((?::date) + 1)::timestamp AT TIME ZONE 'Europe/Madrid'`, [date])
      .orderByRaw('coalesce(s.starts_at, a.starts_at)');
    const { officeId, clerkId } = scope;
    if (clerkId) q.where((w) => w.where('a.clerk_id', clerkId).orWhere((u) => u.whereNull('a.clerk_id').andWhere('a.office_id', officeId)));
    else if (officeId) q.where('a.office_id', officeId);
    return (await q).map((r: { id: string }) => r.id);
  }

  /**
   * Opens the ticket and inserts the appointment, inside the caller's transaction. The ticket
   * counter row is incremented with an upsert, so concurrent bookings get distinct numbers and a
   * rolled-back booking leaves no gap; the seat count's trigger and CHECK refuse a booking past the
   * slot's seats, and the exclusion constraint a clerk's second appointment at one time.
   */
  async insert(trx: Knex.Transaction, a: NewAppointment): Promise<{ id: string; ticketId: string; ticketNumber: string }> {
    if (!/^[A-Z]{2,8}$/.test(a.ticketPrefix)) throw new RangeError(`bad ticket prefix: ${a.ticketPrefix}`);
    // The appointment first: its triggers (the slot's seat count) and constraints (the clerk's
    // exclusion) run before the counter is touched, and a refusal there never waits for it. Its
    // reference to the ticket is checked at commit (migration 007).
    await trx.raw(
      `INSERT INTO appointments (id, slot_id, office_id, service_id, clerk_id, ticket_id, citizen_name, citizen_email, language, token_hash, channel)
       VALUES (:id, :slot, :office, :service, :clerk, :ticketId, :name, :email, :language, :token, :channel)`,
      {
        id: a.id,
        ticketId: a.ticketId,
        office: a.officeId,
        service: a.serviceId,
        clerk: a.clerkId,
        slot: a.slotId,
        name: a.citizenName,
        email: a.citizenEmail,
        language: a.language,
        token: a.tokenHash,
        channel: a.channel ?? 'video',
      },
    );
    // Last, one statement: the counter row is locked from here to the commit, which is what bounds
    // bookings per second per office, so nothing else runs while it is held.
    const { rows } = await trx.raw<{ rows: { id: string; number: string }[] }>(
      `WITH c AS (
         INSERT INTO ticket_counters (prefix, year, last_value)
         VALUES (:prefix, extract(year FROM now() AT TIME ZONE 'Europe/Madrid')::int, 1)
         ON CONFLICT (prefix, year) DO UPDATE SET last_value = ticket_counters.last_value + 1
         RETURNING year, last_value)
       INSERT INTO tickets (id, number, office_id, service_id, citizen_name, citizen_email, language, status, channel, queue_id, priority)
       SELECT :ticketId, :prefix || '-' || c.year || '-' || lpad(c.last_value::text, 6, '0'), :office, :service, :name, :email, :language,
              'classified', 'appointment', v.queue_id, coalesce(q.default_priority, 'normal')
       FROM c, services v LEFT JOIN queues q ON q.id = v.queue_id WHERE v.id = :service
       RETURNING id, number`,
      {
        ticketId: a.ticketId,
        prefix: a.ticketPrefix,
        office: a.officeId,
        service: a.serviceId,
        name: a.citizenName,
        email: a.citizenEmail,
        language: a.language,
      },
    );
    const row = rows[0]!;
    return { id: a.id, ticketId: row.id, ticketNumber: row.number };
  }

  /**
   * An on-demand call (attend me now): no slot, from now for the procedure's duration, with the
   * clerk who accepted. The clerk's exclusion constraint refuses one who has another appointment then.
   */
  async insertOnDemand(
    trx: Knex.Transaction,
    a: {
      id: string;
      officeId: string;
      serviceId: string;
      clerkId: string;
      ticketId: string;
      citizenName: string;
      citizenEmail: string;
      language: string;
      tokenHash: string;
      startsAt: Date;
      endsAt: Date;
      /** Chat help, or a video call. */
      callMode: CallMode;
    },
  ): Promise<void> {
    await trx('appointments').insert({
      id: a.id,
      slot_id: null,
      on_demand: true,
      office_id: a.officeId,
      service_id: a.serviceId,
      clerk_id: a.clerkId,
      ticket_id: a.ticketId,
      citizen_name: a.citizenName,
      citizen_email: a.citizenEmail,
      language: a.language,
      token_hash: a.tokenHash,
      channel: 'video',
      call_mode: a.callMode,
      starts_at: a.startsAt,
      ends_at: a.endsAt,
    });
  }

  /**
   * A further session of a ticket: an appointment on another slot, for the same ticket, citizen and
   * procedure, in another channel (an in-person visit after a video call).
   */
  async insertFollowUp(
    trx: Knex.Transaction,
    a: {
      id: string;
      follows: AppointmentRow;
      slotId: string;
      officeId: string;
      clerkId: string | null;
      channel: Channel;
      tokenHash: string;
    },
  ): Promise<void> {
    await trx('appointments').insert({
      id: a.id,
      slot_id: a.slotId,
      office_id: a.officeId,
      service_id: a.follows.service_id,
      clerk_id: a.clerkId,
      ticket_id: a.follows.ticket_id,
      citizen_name: a.follows.citizen_name,
      citizen_email: a.follows.citizen_email,
      language: a.follows.language,
      token_hash: a.tokenHash,
      channel: a.channel,
      follows_appointment_id: a.follows.id,
    });
  }

  /** A clerk, and whether they work at the office: it is their own, or they have a shift there. */
  findClerk(db: Runner, id: string, officeId: string): Promise<{ id: string; active: boolean; works_here: boolean } | undefined> {
    return db('staff_users as u')
      .select(
        'u.id',
        'u.active',
        db.raw('(u.office_id = ? OR EXISTS (SELECT 1 FROM shifts h WHERE h.clerk_id = u.id AND h.office_id = ?)) AS works_here', [
          officeId,
          officeId,
        ]),
      )
      .where({ 'u.id': id, 'u.role': 'clerk' })
      .first();
  }

  async update(trx: Knex.Transaction, id: string, change: AppointmentChange): Promise<void> {
    await trx('appointments').where({ id }).update(change);
  }

  private select(runner: Runner) {
    // A booked appointment's time is its slot's; an on-demand call's, its own.
    return runner('appointments as a')
      .leftJoin('slots as s', 's.id', 'a.slot_id')
      .join('tickets as t', 't.id', 'a.ticket_id')
      .join('offices as o', 'o.id', 'a.office_id')
      .join('services as v', 'v.id', 'a.service_id')
      .leftJoin('staff_users as c', 'c.id', 'a.clerk_id')
      .select(
        'a.id',
        'a.slot_id',
        'a.on_demand',
        'a.office_id',
        'a.service_id',
        'a.clerk_id',
        'a.ticket_id',
        't.number as ticket_number',
        'a.citizen_name',
        'a.citizen_email',
        'a.language',
        'a.status',
        'a.channel',
        'a.call_mode',
        runner.raw('coalesce(s.starts_at, a.starts_at) AS starts_at'),
        runner.raw('coalesce(s.ends_at, a.ends_at) AS ends_at'),
        'a.checked_in_at',
        'a.call_started_at',
        'a.ended_at',
        'a.cancelled_at',
        'a.staff_notes',
        'a.revision',
        'o.name_ca as office_name_ca',
        'o.name_es as office_name_es',
        'o.name_en as office_name_en',
        'o.address as office_address',
        'v.code as service_code',
        'v.name_ca as service_name_ca',
        'v.name_es as service_name_es',
        'v.name_en as service_name_en',
        'c.name as clerk_name',
      );
  }
}
