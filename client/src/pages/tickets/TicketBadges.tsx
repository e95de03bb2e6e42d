import type { SlaView, TicketPriority, TicketStatus } from '@oac/shared';
import { useI18n } from '../../i18n/I18nProvider';
import { councilDay } from '../../i18n/format';

export function TicketStatusBadge({ status }: { status: TicketStatus }) {
  const { t } = useI18n();
  return (
    <span className={`badge badge--ticket-${status}`} data-testid="ticket-status" data-status={status}>
      {t(`tickets.status.${status}`)}
    </span>
  );
}

export function PriorityBadge({ priority }: { priority: TicketPriority }) {
  const { t } = useI18n();
  return (
    <span className={`badge badge--priority-${priority}`} data-testid="ticket-priority">
      {t('tickets.priorityBadge', { priority: t(`tickets.priority.${priority}`) })}
    </span>
  );
}

type Clock = SlaView['own'];

/** The due time, short: the time alone today, the day and time otherwise. */
function useDue(): (iso: string) => string {
  const { fmt } = useI18n();
  const today = councilDay(new Date());
  return (iso) => (councilDay(iso) === today ? fmt.time(iso) : fmt.shortDateTime(iso));
}

/**
 * One SLA clock in words and colour: "Assignació: en risc · límit 10:30". A running clock with no
 * due time is paused (the office waits for the citizen); a met one needs no time.
 */
export function SlaBadge({ kind, clock }: { kind: 'own' | 'resolve'; clock: Clock }) {
  const { t } = useI18n();
  const due = useDue();
  const paused = clock.dueAt === null && clock.state !== 'met';
  const state = paused ? 'paused' : clock.state;
  return (
    <span className={`sla sla--${state}`} data-testid={`sla-${kind}`} data-state={clock.state}>
      <span className="sla__name">{t(`tickets.sla.${kind}`)}:</span>{' '}
      <span className="sla__state">{t(paused ? 'tickets.sla.paused' : `tickets.sla.state.${clock.state}`)}</span>
      {clock.dueAt && clock.state !== 'met' && (
        <span className="sla__due">
          {' · '}
          <time dateTime={clock.dueAt}>{t('tickets.sla.due', { when: due(clock.dueAt) })}</time>
        </span>
      )}
    </span>
  );
}

export function SlaBadges({ sla }: { sla: SlaView }) {
  const { t, fmt } = useI18n();
  return (
    <span className="sla-list">
      <SlaBadge kind="own" clock={sla.own} />
      <SlaBadge kind="resolve" clock={sla.resolve} />
      {sla.escalatedAt && (
        <span className="sla sla--breached" data-testid="sla-escalated">
          {t('tickets.sla.escalated', { when: fmt.shortDateTime(sla.escalatedAt) })}
        </span>
      )}
    </span>
  );
}
