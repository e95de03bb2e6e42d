import type { AdminOffice, Channel, OfficeKind, StaffUser } from '@oac/shared';
import { useId, useState, type FormEvent } from 'react';
import { api } from '../../api/endpoints';
import type { Failure } from '../../api/failure';
import { useI18n } from '../../i18n/I18nProvider';
import type { MessageKey } from '../../i18n/messages';
import { Link } from '../../router/Link';
import { ErrorSummary, type SummaryItem } from '../../ui/ErrorSummary';
import { FailureNotice } from '../../ui/FailureNotice';
import { Loading } from '../../ui/Loading';
import { TextField } from '../../ui/TextField';
import { OfficeSettingsForm } from '../planning/OfficeSettingsForm';
import { planningHref } from '../planning/planningUrl';
import { SaveActions, SelectField } from '../planning/SelectField';
import { pathsIn, useFormSend } from '../planning/useFormSend';
import { useKeptLoad } from '../planning/useKeptLoad';
import { emptyLocalized, LocalizedFields, missingLanguages, type Localized } from './LocalizedFields';

const KINDS: { value: OfficeKind; label: MessageKey }[] = [
  { value: 'oac', label: 'admin.office.kind.oac' },
  { value: 'housing', label: 'admin.office.kind.housing' },
  { value: 'district', label: 'admin.office.kind.district' },
  { value: 'other', label: 'admin.office.kind.other' },
];

interface OfficesTabProps {
  user: StaffUser;
  offices: AdminOffice[];
  onChanged(): void;
}

/** An office's names, address and kind, and its settings; an admin chooses the office, and opens new ones. */
export function OfficesTab({ user, offices, onChanged }: OfficesTabProps) {
  const { t, text } = useI18n();
  const headingId = useId();
  const pickerId = useId();
  const [chosen, setChosen] = useState<string | null>(null);
  const isAdmin = user.role === 'admin';
  const officeId = isAdmin ? (chosen ?? offices[0]?.id ?? null) : user.officeId;
  const office = offices.find((o) => o.id === officeId);
  return (
    <section className="planning-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('admin.tab.offices')}</h2>
      {isAdmin && offices.length > 0 && (
        <div className="planning-office-picker">
          <label htmlFor={pickerId} className="field__label">
            {t('planning.office')}
          </label>
          <select id={pickerId} data-testid="admin-office-picker" value={officeId ?? ''} onChange={(e) => setChosen(e.target.value)}>
            {offices.map((o) => (
              <option key={o.id} value={o.id}>
                {text(o.name)}
                {o.active ? '' : ` (${t('planning.inactive')})`}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className={isAdmin ? 'planning-columns' : 'admin-single'}>
        <div className="admin-stack">
          {office && <OfficeDetails key={office.id} office={office} onSaved={onChanged} />}
          {office && <OfficeSettings key={`settings-${office.id}`} officeId={office.id} onChanged={onChanged} />}
        </div>
        {isAdmin && (
          <NewOfficeForm
            onCreated={(created) => {
              setChosen(created.id);
              onChanged();
            }}
          />
        )}
      </div>
    </section>
  );
}

/** The zone, channels and whether it takes appointments: the planning tools' own form, on the office's plan. */
function OfficeSettings({ officeId, onChanged }: { officeId: string; onChanged(): void }) {
  const schedule = useKeptLoad((signal) => api.officeSchedule(officeId, signal), officeId);
  if (!schedule.data) return schedule.failure ? <FailureNotice failure={schedule.failure} onRetry={schedule.reload} /> : <Loading />;
  return <OfficeSettingsForm officeId={officeId} schedule={schedule.data} onChange={onChanged} />;
}

function OfficeDetails({ office, onSaved }: { office: AdminOffice; onSaved(): void }) {
  const { t, failure: explain } = useI18n();
  const [name, setName] = useState<Localized>({ ...office.name });
  const [address, setAddress] = useState(office.address);
  const [kind, setKind] = useState<OfficeKind>(office.kind);
  const [saved, setSaved] = useState(false);
  const form = useFormSend();
  const p = `office-${office.id}`;

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (form.sending) return;
    const problems = [
      ...missingLanguages(`${p}-name`, name, (l) => t('admin.office.nameMissing', { language: t(`admin.lang.${l}`) })),
      ...(address.trim() ? [] : [{ fieldId: `${p}-address`, message: t('admin.office.addressMissing') }]),
    ];
    if (problems.length) {
      form.fail(problems);
      return;
    }
    const ok = await form.send(
      async () => {
        await api.saveOfficeDetails(office.id, { name, address: address.trim(), kind });
        onSaved();
      },
      (failure) => [{ fieldId: null, message: explain(failure.code) }],
    );
    setSaved(ok);
  }

  return (
    <form className="card planning-form admin-form" noValidate onSubmit={(event) => void submit(event)} data-testid="office-details-form">
      <h3>{t('admin.office.details')}</h3>
      <p className="muted">
        {t('admin.office.identity', { slug: office.slug, prefix: office.ticketPrefix })}{' '}
        <Link href={planningHref({ office: office.id, tab: 'hours', date: null, view: 'day' })}>{t('admin.office.toPlanning')}</Link>
      </p>
      <ErrorSummary items={form.problems} attempt={form.attempt} />
      <LocalizedFields prefix={`${p}-name`} legend={t('admin.office.name')} value={name} onChange={setName} errorOf={form.fieldError} />
      <OfficeFields prefix={p} address={address} kind={kind} setAddress={setAddress} setKind={setKind} errorOf={form.fieldError} />
      <SaveActions
        testId="office-save"
        label={form.sending ? t('planning.sending') : t('admin.office.save')}
        sending={form.sending}
        saved={saved ? t('planning.saved') : null}
      />
    </form>
  );
}

interface OfficeFieldsProps {
  prefix: string;
  address: string;
  kind: OfficeKind;
  setAddress(value: string): void;
  setKind(value: OfficeKind): void;
  errorOf(id: string): string | null;
}

function OfficeFields({ prefix, address, kind, setAddress, setKind, errorOf }: OfficeFieldsProps) {
  const { t } = useI18n();
  return (
    <>
      <TextField
        id={`${prefix}-address`}
        data-testid={`${prefix}-address`}
        label={t('admin.office.address')}
        autoComplete="off"
        value={address}
        error={errorOf(`${prefix}-address`)}
        onChange={(e) => setAddress(e.target.value)}
      />
      <SelectField id={`${prefix}-kind`} label={t('admin.office.kind')} error={null}>
        <select id={`${prefix}-kind`} data-testid={`${prefix}-kind`} value={kind} onChange={(e) => setKind(e.target.value as OfficeKind)}>
          {KINDS.map(({ value, label }) => (
            <option key={value} value={value}>
              {t(label)}
            </option>
          ))}
        </select>
      </SelectField>
    </>
  );
}

const NEW = 'office-new';

function NewOfficeForm({ onCreated }: { onCreated(office: AdminOffice): void }) {
  const { t, failure: explain } = useI18n();
  const [name, setName] = useState<Localized>(emptyLocalized);
  const [address, setAddress] = useState('');
  const [kind, setKind] = useState<OfficeKind>('district');
  const [slug, setSlug] = useState('');
  const [prefix, setPrefix] = useState('');
  const [created, setCreated] = useState<string | null>(null);
  const form = useFormSend();
  const channels: Channel[] = ['video'];

  function explainFailure(failure: Failure): SummaryItem[] {
    if (failure.code === 'slug_taken') return [{ fieldId: `${NEW}-slug`, message: explain(failure.code) }];
    if (failure.code === 'ticket_prefix_taken') return [{ fieldId: `${NEW}-prefix`, message: explain(failure.code) }];
    const paths = failure.code === 'validation_error' ? pathsIn(failure.details) : new Set<string>();
    if (paths.has('slug')) return [{ fieldId: `${NEW}-slug`, message: t('admin.office.slugInvalid') }];
    if (paths.has('ticketPrefix')) return [{ fieldId: `${NEW}-prefix`, message: t('admin.office.prefixInvalid') }];
    return [{ fieldId: null, message: explain(failure.code) }];
  }

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (form.sending) return;
    const problems = [
      ...missingLanguages(`${NEW}-name`, name, (l) => t('admin.office.nameMissing', { language: t(`admin.lang.${l}`) })),
      ...(address.trim() ? [] : [{ fieldId: `${NEW}-address`, message: t('admin.office.addressMissing') }]),
      ...(/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug) && slug.length >= 2
        ? []
        : [{ fieldId: `${NEW}-slug`, message: t('admin.office.slugInvalid') }]),
      ...(/^[A-Z]{2,8}$/.test(prefix) ? [] : [{ fieldId: `${NEW}-prefix`, message: t('admin.office.prefixInvalid') }]),
    ];
    if (problems.length) {
      form.fail(problems);
      return;
    }
    const ok = await form.send(async () => {
      const office = await api.createOffice({
        name,
        address: address.trim(),
        kind,
        slug,
        ticketPrefix: prefix,
        timeZone: 'Europe/Madrid',
        channels,
      });
      setCreated(name.ca);
      onCreated(office);
    }, explainFailure);
    if (ok) {
      setName(emptyLocalized());
      setAddress('');
      setSlug('');
      setPrefix('');
    }
  }

  return (
    <form className="card planning-form admin-form" noValidate onSubmit={(event) => void submit(event)} data-testid="office-create-form">
      <h3>{t('admin.office.new')}</h3>
      <p className="hint">{t('admin.office.newHint')}</p>
      <ErrorSummary items={form.problems} attempt={form.attempt} />
      <LocalizedFields prefix={`${NEW}-name`} legend={t('admin.office.name')} value={name} onChange={setName} errorOf={form.fieldError} />
      <OfficeFields prefix={NEW} address={address} kind={kind} setAddress={setAddress} setKind={setKind} errorOf={form.fieldError} />
      <div className="planning-form__row">
        <TextField
          id={`${NEW}-slug`}
          data-testid={`${NEW}-slug`}
          label={t('admin.office.slug')}
          hint={t('admin.office.slugHint')}
          spellCheck={false}
          autoComplete="off"
          value={slug}
          error={form.fieldError(`${NEW}-slug`)}
          onChange={(e) => setSlug(e.target.value.toLowerCase())}
        />
        <TextField
          id={`${NEW}-prefix`}
          data-testid={`${NEW}-prefix`}
          label={t('admin.office.prefix')}
          hint={t('admin.office.prefixHint')}
          spellCheck={false}
          autoComplete="off"
          value={prefix}
          error={form.fieldError(`${NEW}-prefix`)}
          onChange={(e) => setPrefix(e.target.value.toUpperCase())}
        />
      </div>
      <div className="actions">
        <button type="submit" className="button button--primary" data-testid="office-create" aria-disabled={form.sending}>
          {form.sending ? t('planning.sending') : t('admin.office.create')}
        </button>
        <span role="status" className="planning-form__saved">
          {created ? t('admin.office.created', { name: created }) : ''}
        </span>
      </div>
    </form>
  );
}
