import type { LocalizedText } from '@oac/shared';
import { api } from '../../api/endpoints';
import { useI18n } from '../../i18n/I18nProvider';
import { useLoad } from '../../ui/useLoad';

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
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={`field${error ? ' field--error' : ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      )}
      <select
        id={id}
        data-testid={id}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
        onChange={(e) => onChange(e.target.value)}
      >
        <option value="">{t('tickets.uncatalogued')}</option>
        {current && !procedures.some((p) => p.id === current.id) && <option value={current.id}>{text(current.name)}</option>}
        {procedures.map((p) => (
          <option key={p.id} value={p.id}>
            {text(p.name)}
          </option>
        ))}
      </select>
    </div>
  );
}
