import type { LocalizedText } from '@oac/shared';
import { api } from '../../api/endpoints';
import { useI18n } from '../../i18n/I18nProvider';
import { useLoad } from '../../ui/useLoad';
import { ChoiceSelect } from '../planning/SelectField';

interface ProcedureSelectProps {
  id: string;
  label: string;
  hint?: string;
  error: string | null;
  /** A procedure's id, or '' for an uncatalogued matter. */
  value: string;
  /** The ticket's own procedure: offered even before the catalogue loads, or once it has left the catalogue. */
  current?: { id: string; name: LocalizedText } | null;
  onChange(serviceId: string): void;
}

/** The catalogue's procedures, uncatalogued first; while the catalogue loads (or if it cannot), uncatalogued alone. */
export function ProcedureSelect({ id, label, hint, error, value, current, onChange }: ProcedureSelectProps) {
  const { t, text, lang } = useI18n();
  const { state } = useLoad((signal) => api.procedures(signal), 'procedures');
  const procedures = state.status === 'ready' ? [...state.data].sort((a, b) => text(a.name).localeCompare(text(b.name), lang)) : [];
  const options = [...(current && !procedures.some((p) => p.id === current.id) ? [current] : []), ...procedures].map((p) => ({
    value: p.id,
    label: text(p.name),
  }));
  return (
    <ChoiceSelect
      id={id}
      label={label}
      hint={hint}
      error={error}
      value={value}
      none={t('tickets.uncatalogued')}
      options={options}
      onChange={onChange}
    />
  );
}
