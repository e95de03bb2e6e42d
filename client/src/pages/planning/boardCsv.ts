import type { AppointmentStatus, PlanningBoard } from '@oac/shared';
import { fileSlug } from './csv';

type BoardAppointment = PlanningBoard['days'][number]['appointments'][number];

/** How each column of the board's export is said: the page passes its translations and formatters. */
export interface BoardCsvLabels {
  header: readonly [date: string, time: string, ticket: string, citizen: string, procedure: string, clerk: string, status: string];
  time(iso: string): string;
  procedure(appointment: BoardAppointment): string;
  clerk(clerkId: string | null): string;
  status(status: AppointmentStatus): string;
}

/** The rows of the board as it shows them, a header first: day by day, in time order. */
export function boardCsvRows(board: PlanningBoard, labels: BoardCsvLabels): string[][] {
  const rows: string[][] = [[...labels.header]];
  for (const day of board.days) {
    for (const a of [...day.appointments].sort((x, y) => x.startsAt.localeCompare(y.startsAt))) {
      rows.push([
        day.date,
        labels.time(a.startsAt),
        a.ticketNumber,
        a.citizenName,
        labels.procedure(a),
        labels.clerk(a.clerkId),
        labels.status(a.status),
      ]);
    }
  }
  return rows;
}

/** planning-<office>-<day>.csv, the office by its slug when it has one, else by its id. */
export function boardFileName(office: { slug?: string | null; id: string }, date: string): string {
  const name = office.slug ? fileSlug(office.slug) : '';
  return `planning-${name || office.id}-${date}.csv`;
}
