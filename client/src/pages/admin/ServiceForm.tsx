import type { CatalogueChange, CatalogueEntry, Channel, ServiceFields } from '@oac/shared';
import { useRef, useState, type FormEvent } from 'react';
import type { Failure } from '../../api/failure';
import { useI18n } from '../../i18n/I18nProvider';
import type { MessageKey } from '../../i18n/messages';
import { ErrorSummary, type SummaryItem } from '../../ui/ErrorSummary';
import { TextField } from '../../ui/TextField';
import { pathsIn, useFormSend } from '../planning/useFormSend';
import { emptyLocalized, LocalizedFields, missingLanguages, type Localized } from './LocalizedFields';

const CHANNELS: { value: Channel; label: MessageKey }[] = [
  { value: 'video', label: 'planning.settings.channel.video' },
  { value: 'phone', label: 'planning.settings.channel.phone' },
  { value: 'in_person', label: 'planning.settings.channel.in_person' },
];

interface Draft {
  code: string;
  name: Localized;
  description: Localized;
  duration: string;
  retention: string;
  channels: Channel[];
  documents: (Localized & { key: number })[];
  active: boolean;
}

function draftOf(entry: CatalogueEntry | null): Draft {
  return {
    code: entry?.code ?? '',
    name: entry ? { ...entry.name } : emptyLocalized(),
    description: entry ? { ...entry.description } : emptyLocalized(),
    duration: String(entry?.durationMinutes ?? 20),
    retention: String(entry?.retentionDays ?? 365),
    channels: entry?.channels ?? ['video'],
    documents: (entry?.documents ?? []).map((d, key) => ({ ...d, key })),
    active: entry?.active ?? true,
  };
}

const whole = (text: string, min: number, max: number) => /^\d+$/.test(text.trim()) && +text >= min && +text <= max;

interface ServiceFormProps {
  /** The procedure edited, or null for a new one (which then asks for its code). */
  entry: CatalogueEntry | null;
  /** Sends the fields (and for a new one, its code); answers what the change did. */
  save(fields: ServiceFields, code: string): Promise<CatalogueChange>;
  onSaved(change: CatalogueChange): void;
}

/** A procedure's fields: names and description in three languages, length, channels, documents and retention. */
export function ServiceForm({ entry, save, onSaved }: ServiceFormProps) {
  const { t, failure: explain } = useI18n();
  const [draft, setDraft] = useState(() => draftOf(entry));
  const nextKey = useRef(draft.documents.length);
  const form = useFormSend();
  const p = `service-${entry?.id ?? 'new'}`;
  const ids = {
    code: `${p}-code`,
    duration: `${p}-duration`,
    retention: `${p}-retention`,
    channels: `${p}-channel-video`,
    docAdd: `${p}-doc-add`,
  };
  const docId = (key: number) => `${p}-doc-${key}`;
  const edit = (change: Partial<Draft>) => setDraft((d) => ({ ...d, ...change }));
  const lang = (l: string) => t(`admin.lang.${l}` as MessageKey);

  function check(): SummaryItem[] {
    return [
      ...(entry || /^[A-Z][A-Z0-9_]{1,31}$/.test(draft.code) ? [] : [{ fieldId: ids.code, message: t('admin.service.codeInvalid') }]),
      ...missingLanguages(`${p}-name`, draft.name, (l) => t('admin.service.nameMissing', { language: lang(l) })),
      ...(whole(draft.duration, 5, 480) ? [] : [{ fieldId: ids.duration, message: t('admin.service.durationInvalid') }]),
      ...(draft.channels.length ? [] : [{ fieldId: ids.channels, message: t('planning.settings.channelsMissing') }]),
      ...draft.documents.flatMap((d, i) =>
        missingLanguages(docId(d.key), d, (l) => t('admin.service.documentMissing', { number: i + 1, language: lang(l) })),
      ),
      ...(whole(draft.retention, 1, 36_500) ? [] : [{ fieldId: ids.retention, message: t('admin.service.retentionInvalid') }]),
    ];
  }

  function explainFailure(failure: Failure): SummaryItem[] {
    if (failure.code === 'code_taken') return [{ fieldId: ids.code, message: explain(failure.code) }];
    if (failure.code === 'forbidden' && (failure.details as { reason?: string } | undefined)?.reason === 'shared_service') {
      return [{ fieldId: null, message: t('admin.service.shared') }];
    }
    if (failure.code === 'validation_error' && pathsIn(failure.details).has('code')) {
      return [{ fieldId: ids.code, message: t('admin.service.codeInvalid') }];
    }
    return [{ fieldId: null, message: explain(failure.code) }];
  }

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (form.sending) return;
    const problems = check();
    if (problems.length) {
      form.fail(problems);
      return;
    }
    const fields: ServiceFields = {
      name: draft.name,
      description: draft.description,
      durationMinutes: Number(draft.duration),
      channels: draft.channels,
      documents: draft.documents.map(({ ca, es, en }) => ({ ca, es, en })),
      retentionDays: Number(draft.retention),
      active: draft.active,
    };
    const ok = await form.send(async () => onSaved(await save(fields, draft.code)), explainFailure);
    if (ok && !entry) {
      setDraft(draftOf(null));
      nextKey.current = 0;
    }
  }

  function addDocument(): void {
    const key = nextKey.current++;
    edit({ documents: [...draft.documents, { key, ...emptyLocalized() }] });
    // The new document's first field, once it is in the page.
    requestAnimationFrame(() => document.getElementById(`${docId(key)}-ca`)?.focus());
  }

  function removeDocument(key: number, index: number): void {
    edit({ documents: draft.documents.filter((d) => d.key !== key) });
    const next = draft.documents[index + 1] ?? draft.documents[index - 1];
    requestAnimationFrame(() => document.getElementById(next ? `${docId(next.key)}-ca` : ids.docAdd)?.focus());
  }

  return (
    <form className="planning-form admin-form" noValidate onSubmit={(event) => void submit(event)} data-testid="service-form">
      <ErrorSummary items={form.problems} attempt={form.attempt} />
      {!entry && (
        <TextField
          id={ids.code}
          data-testid="service-code"
          label={t('admin.service.code')}
          hint={t('admin.service.codeHint')}
          spellCheck={false}
          autoComplete="off"
          value={draft.code}
          error={form.fieldError(ids.code)}
          onChange={(e) => edit({ code: e.target.value.toUpperCase() })}
        />
      )}
      <LocalizedFields
        prefix={`${p}-name`}
        legend={t('admin.service.name')}
        value={draft.name}
        onChange={(name) => edit({ name })}
        errorOf={form.fieldError}
      />
      <LocalizedFields
        prefix={`${p}-description`}
        legend={t('admin.service.description')}
        value={draft.description}
        onChange={(description) => edit({ description })}
        errorOf={form.fieldError}
        multiline
      />
      <div className="planning-form__row">
        <TextField
          id={ids.duration}
          data-testid="service-duration"
          label={t('admin.service.duration')}
          inputMode="numeric"
          value={draft.duration}
          error={form.fieldError(ids.duration)}
          onChange={(e) => edit({ duration: e.target.value })}
        />
        <TextField
          id={ids.retention}
          data-testid="service-retention"
          label={t('admin.service.retention')}
          hint={t('admin.service.retentionHint')}
          inputMode="numeric"
          value={draft.retention}
          error={form.fieldError(ids.retention)}
          onChange={(e) => edit({ retention: e.target.value })}
        />
      </div>
      <fieldset className={`planning-fieldset${form.fieldError(ids.channels) ? ' field--error' : ''}`}>
        <legend className="field__label">{t('admin.service.channels')}</legend>
        {form.fieldError(ids.channels) && <p className="field__error">{form.fieldError(ids.channels)}</p>}
        {CHANNELS.map(({ value, label }) => (
          <label key={value} className="checkbox">
            <input
              type="checkbox"
              id={value === 'video' ? ids.channels : undefined}
              checked={draft.channels.includes(value)}
              onChange={(e) =>
                edit({ channels: e.target.checked ? [...draft.channels, value] : draft.channels.filter((c) => c !== value) })
              }
            />
            {t(label)}
          </label>
        ))}
      </fieldset>
      <fieldset className="planning-fieldset">
        <legend className="field__label">{t('admin.service.documents')}</legend>
        <p className="hint">{t('admin.service.documentsHint')}</p>
        {draft.documents.length === 0 && <p className="muted">{t('admin.service.noDocuments')}</p>}
        <ol className="admin-documents">
          {draft.documents.map((d, i) => (
            <li key={d.key} className="admin-documents__item" data-testid="service-document">
              <LocalizedFields
                prefix={docId(d.key)}
                legend={t('admin.service.document', { number: i + 1 })}
                value={d}
                onChange={(text) => edit({ documents: draft.documents.map((x) => (x.key === d.key ? { ...text, key: d.key } : x)) })}
                errorOf={form.fieldError}
              />
              <button type="button" className="button button--secondary button--small" onClick={() => removeDocument(d.key, i)}>
                {t('planning.remove')}
                <span className="visually-hidden"> {t('admin.service.document', { number: i + 1 })}</span>
              </button>
            </li>
          ))}
        </ol>
        <button
          type="button"
          id={ids.docAdd}
          className="button button--secondary button--small"
          data-testid="service-doc-add"
          onClick={addDocument}
        >
          {t('admin.service.addDocument')}
        </button>
      </fieldset>
      <label className="checkbox">
        <input type="checkbox" data-testid="service-active" checked={draft.active} onChange={(e) => edit({ active: e.target.checked })} />
        {t('admin.service.active')}
      </label>
      <div className="actions">
        <button type="submit" className="button button--primary" data-testid="service-save" aria-disabled={form.sending}>
          {form.sending ? t('planning.sending') : t(entry ? 'admin.service.save' : 'admin.service.create')}
        </button>
      </div>
    </form>
  );
}
