import { LANGUAGES, type Language } from '@oac/shared';
import { useI18n } from '../../i18n/I18nProvider';
import type { MessageKey } from '../../i18n/messages';

export type Localized = Record<Language, string>;
export const emptyLocalized = (): Localized => ({ ca: '', es: '', en: '' });

const LANGUAGE_LABELS: Record<Language, MessageKey> = { ca: 'admin.lang.ca', es: 'admin.lang.es', en: 'admin.lang.en' };

export const localizedId = (prefix: string, lang: Language) => `${prefix}-${lang}`;

interface LocalizedFieldsProps {
  /** The fields' ids are `${prefix}-ca`, `-es` and `-en`, and their test ids the same. */
  prefix: string;
  legend: string;
  value: Localized;
  onChange(value: Localized): void;
  /** Each language's error line, by field id. */
  errorOf(id: string): string | null;
  multiline?: boolean;
}

/** One text in the three languages: side by side on a wide screen, one under another on a phone. */
export function LocalizedFields({ prefix, legend, value, onChange, errorOf, multiline = false }: LocalizedFieldsProps) {
  const { t } = useI18n();
  return (
    <fieldset className="planning-fieldset localized">
      <legend className="field__label">{legend}</legend>
      <div className="localized__languages">
        {LANGUAGES.map((lang) => {
          const id = localizedId(prefix, lang);
          const error = errorOf(id);
          const props = {
            id,
            'data-testid': id,
            className: `field__input${multiline ? ' localized__text' : ''}`,
            value: value[lang],
            lang,
            'aria-invalid': error ? true : undefined,
            'aria-describedby': error ? `${id}-error` : undefined,
          };
          return (
            <div key={lang} className={`field${error ? ' field--error' : ''}`}>
              <label className="field__label localized__label" htmlFor={id}>
                {t(LANGUAGE_LABELS[lang])}
              </label>
              {error && (
                <p className="field__error" id={`${id}-error`}>
                  {error}
                </p>
              )}
              {multiline ? (
                <textarea rows={3} {...props} onChange={(e) => onChange({ ...value, [lang]: e.target.value })} />
              ) : (
                <input {...props} onChange={(e) => onChange({ ...value, [lang]: e.target.value })} />
              )}
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

/** The problems of a text that must be there in every language. */
export function missingLanguages(prefix: string, value: Localized, message: (lang: Language) => string) {
  return LANGUAGES.filter((lang) => value[lang].trim() === '').map((lang) => ({
    fieldId: localizedId(prefix, lang),
    message: message(lang),
  }));
}
