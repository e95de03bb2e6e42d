import type { Knex } from 'knex';
import { formatTicketNumber } from './numbering';

export interface NewTicket {
  officeId: string;
  serviceId: string;
  prefix: string;
  citizenName: string;
  citizenEmail: string;
}

/**
 * Opens a ticket inside the caller's transaction. The counter row is incremented with an
 * upsert, so concurrent bookings get distinct numbers, and a rolled-back booking leaves no gap.
 */
export async function openTicket(trx: Knex.Transaction, t: NewTicket): Promise<{ id: string; number: string }> {
  // The year is Madrid's, taken by the database in the same statement that counts.
  const counter = await trx.raw<{ rows: { year: number; last_value: number }[] }>(
    `INSERT INTO ticket_counters (prefix, year, last_value)
     VALUES (?, extract(year FROM now() AT TIME ZONE 'Europe/Madrid')::int, 1)
     ON CONFLICT (prefix, year) DO UPDATE SET last_value = ticket_counters.last_value + 1
     RETURNING year, last_value`,
    [t.prefix],
  );
  const { year, last_value } = counter.rows[0]!;
  const number = formatTicketNumber(t.prefix, year, last_value);
  const [row] = await trx('tickets')
    .insert({
      number,
      office_id: t.officeId,
      service_id: t.serviceId,
      citizen_name: t.citizenName,
      citizen_email: t.citizenEmail,
    })
    .returning(['id', 'number']);
  return row;
}
