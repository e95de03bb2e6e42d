import type { AppointmentStatus, LocalizedText } from '@oac/shared';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { capitalize, localeFor } from '../i18n/format';
import { StatusBadge } from '../ui/StatusBadge';
import { TicketNumber } from '../ui/TicketNumber';

interface AppointmentFactsProps {
  ticketNumber: string;
  startsAt: string;
  /** The office's zone; when the browser's differs, the time there is shown as well. */
  timeZone?: string;
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

/** The start in the browser's own zone, when it is not the office's: a citizen abroad sees both. */
function localTime(iso: string, officeZone: string, lang: string): { time: string; zone: string } | null {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone || zone === officeZone) return null;
  const format = new Intl.DateTimeFormat(localeFor(lang as 'ca'), {
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  });
  return { time: format.format(new Date(iso)), zone: zone.replace(/_/g, ' ') };
}

export function AppointmentFacts(props: AppointmentFactsProps) {
  const { t, text, fmt, lang } = useI18n();
  const local = props.timeZone ? localTime(props.startsAt, props.timeZone, lang) : null;
  const rows: { label: string; value: ReactNode }[] = [
    {
      label: t('appointment.when'),
      value: (
        <>
          {capitalize(fmt.dateTime(props.startsAt), lang)}
          {local && (
            <>
              <br />
              <span className="muted" data-testid="local-time">
                {t('appointment.localTime', { time: local.time, zone: local.zone })}
              </span>
            </>
          )}
        </>
      ),
    },
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
