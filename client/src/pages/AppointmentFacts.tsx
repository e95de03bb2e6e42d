import type { AppointmentStatus, LocalizedText } from '@oac/shared';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { capitalize } from '../i18n/format';
import { StatusBadge } from '../ui/StatusBadge';
import { TicketNumber } from '../ui/TicketNumber';

interface AppointmentFactsProps {
  ticketNumber: string;
  startsAt: string;
  service: LocalizedText;
  office: LocalizedText;
  address?: string;
  status: AppointmentStatus;
  /** The other party, when known: the clerk for a citizen, the citizen for a clerk. */
  person: { label: string; name: string } | null;
  extra?: { label: string; value: ReactNode }[];
  /** During a call the facts shrink to one line, leaving room for the videos. */
  compact?: boolean;
}

export function AppointmentFacts(props: AppointmentFactsProps) {
  const { t, text, fmt, lang } = useI18n();
  const rows: { label: string; value: ReactNode }[] = [
    { label: t('appointment.when'), value: capitalize(fmt.dateTime(props.startsAt), lang) },
    { label: t('appointment.service'), value: text(props.service) },
    {
      label: t('appointment.office'),
      value: (
        <>
          {text(props.office)}
          {props.address && (
            <>
              <br />
              <span className="muted">{props.address}</span>
            </>
          )}
        </>
      ),
    },
    ...(props.person ? [{ label: props.person.label, value: props.person.name }] : []),
    { label: t('appointment.status'), value: <StatusBadge status={props.status} /> },
    ...(props.extra ?? []),
  ];
  return (
    <div className={`appointment${props.compact ? ' appointment--compact' : ''}`}>
      <TicketNumber number={props.ticketNumber} />
      {props.compact ? (
        <p className="appointment__line">
          {text(props.service)} · {fmt.dateTime(props.startsAt)}
        </p>
      ) : (
        <dl className="facts">
          {rows.map((row) => (
            <div key={row.label}>
              <dt>{row.label}</dt>
              <dd>{row.value}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}
