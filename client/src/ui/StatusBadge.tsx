import type { AppointmentStatus } from '@oac/shared';
import { useI18n } from '../i18n/I18nProvider';

export function StatusBadge({ status }: { status: AppointmentStatus }) {
  const { t } = useI18n();
  return <span className={`badge badge--status-${status}`}>{t(`status.${status}`)}</span>;
}
