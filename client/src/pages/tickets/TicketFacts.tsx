import type { TicketDetail } from '@oac/shared';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { languageNames } from '../../i18n/language';
import { TicketNumber } from '../../ui/TicketNumber';
import { PriorityBadge, SlaBadge, TicketStatusBadge } from './TicketBadges';

/** The ticket at a glance: its number and subject, where it stands, who has it, who asked, and its two clocks. */
export function TicketFacts({ ticket }: { ticket: TicketDetail }) {
  const { t, text, fmt } = useI18n();
  const rows: { label: string; value: ReactNode; testId?: string }[] = [
    { label: t('tickets.field.status'), value: <TicketStatusBadge status={ticket.status} /> },
    { label: t('tickets.field.priority'), value: <PriorityBadge priority={ticket.priority} /> },
    { label: t('tickets.field.queue'), value: ticket.queue ? text(ticket.queue.name) : t('tickets.noQueue'), testId: 'ticket-queue' },
    {
      label: t('tickets.field.procedure'),
      value: ticket.service ? text(ticket.service.name) : <em>{t('tickets.uncatalogued')}</em>,
      testId: 'ticket-procedure',
    },
    { label: t('tickets.field.owner'), value: ticket.owner ? ticket.owner.name : t('tickets.noOwner'), testId: 'ticket-owner' },
    {
      label: t('tickets.field.sla'),
      value: (
        <span className="sla-list sla-list--stacked">
          <SlaBadge kind="own" clock={ticket.sla.own} />
          <SlaBadge kind="resolve" clock={ticket.sla.resolve} />
          {ticket.sla.escalatedAt && (
            <span className="sla sla--breached">{t('tickets.sla.escalated', { when: fmt.shortDateTime(ticket.sla.escalatedAt) })}</span>
          )}
        </span>
      ),
    },
    { label: t('tickets.field.citizen'), value: ticket.citizenName },
    ...(ticket.citizenEmail
      ? [{ label: t('tickets.field.email'), value: <a href={`mailto:${ticket.citizenEmail}`}>{ticket.citizenEmail}</a> }]
      : []),
    ...(ticket.citizenPhone
      ? [{ label: t('tickets.field.phone'), value: <a href={`tel:${ticket.citizenPhone.replace(/ /g, '')}`}>{ticket.citizenPhone}</a> }]
      : []),
    { label: t('tickets.field.language'), value: languageNames[ticket.language] },
    { label: t('tickets.field.channel'), value: t(`tickets.channel.${ticket.channel}`) },
    { label: t('tickets.field.office'), value: text(ticket.office.name) },
    { label: t('tickets.field.created'), value: <time dateTime={ticket.createdAt}>{fmt.shortDateTime(ticket.createdAt)}</time> },
  ];
  return (
    <section className="card ticket-facts" aria-labelledby="ticket-facts-heading" data-testid="ticket-facts" data-status={ticket.status}>
      <div className="ticket-facts__top">
        <TicketNumber number={ticket.number} />
        <h2 id="ticket-facts-heading" className="ticket-facts__subject">
          {/* A booked appointment's ticket has no subject of its own: its procedure says what it is about. */}
          {ticket.subject || (ticket.service ? text(ticket.service.name) : t('tickets.noSubject'))}
        </h2>
      </div>
      <dl className="facts ticket-facts__list">
        {rows.map((row) => (
          <div key={row.label} data-testid={row.testId}>
            <dt>{row.label}</dt>
            <dd>{row.value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
