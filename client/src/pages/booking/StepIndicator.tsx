import { useI18n } from '../../i18n/I18nProvider';
import type { MessageKey } from '../../i18n/messages';

export const bookingSteps = ['service', 'office', 'slot', 'details'] as const;
export type BookingStep = (typeof bookingSteps)[number];

const labels: Record<BookingStep, MessageKey> = {
  office: 'booking.step.office',
  service: 'booking.step.service',
  slot: 'booking.step.slot',
  details: 'booking.step.details',
};

export function StepIndicator({ current }: { current: BookingStep }) {
  const { t } = useI18n();
  const index = bookingSteps.indexOf(current);
  return (
    <nav aria-label={t('booking.progress')}>
      <ol className="steps">
        {bookingSteps.map((step, i) => (
          <li
            key={step}
            className={`steps__item${i < index ? ' steps__item--done' : ''}${i === index ? ' steps__item--current' : ''}`}
            aria-current={i === index ? 'step' : undefined}
          >
            <span className="steps__number" aria-hidden="true">
              {i + 1}
            </span>
            <span className="steps__label">{t(labels[step])}</span>
            {i < index && <span className="visually-hidden"> ({t('booking.stepDone')})</span>}
          </li>
        ))}
      </ol>
    </nav>
  );
}
