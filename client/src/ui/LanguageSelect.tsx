import { LANGUAGES } from '@oac/shared';
import { useI18n } from '../i18n/I18nProvider';
import { isLanguage, languageNames } from '../i18n/language';

export function LanguageSelect() {
  const { lang, setLang, t } = useI18n();
  return (
    <div className="language-select">
      <label htmlFor="language-select">{t('layout.language')}</label>
      <select
        id="language-select"
        data-testid="language-select"
        value={lang}
        onChange={(event) => {
          if (isLanguage(event.target.value)) setLang(event.target.value);
        }}
      >
        {LANGUAGES.map((code) => (
          <option key={code} value={code} lang={code}>
            {languageNames[code]}
          </option>
        ))}
      </select>
    </div>
  );
}
