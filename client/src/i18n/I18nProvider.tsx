import { MAX_UPLOAD_BYTES, type Language, type LocalizedText } from '@oac/shared';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { FailureCode } from '../api/failure';
import { createFormatters, type Formatters } from './format';
import { initialLanguage, saveLanguage } from './language';
import { dictionaries, type MessageKey } from './messages';

const MAX_UPLOAD_MB = Math.round(MAX_UPLOAD_BYTES / (1024 * 1024));

export type Vars = Record<string, string | number>;

export interface I18n {
  lang: Language;
  setLang(lang: Language): void;
  t(key: MessageKey, vars?: Vars): string;
  /** The sentence that explains a failure code to a person. */
  failure(code: FailureCode): string;
  /** Picks the current language out of a server-side translated text. */
  text(localized: LocalizedText): string;
  fmt: Formatters;
}

const I18nContext = createContext<I18n | null>(null);

function interpolate(template: string, vars: Vars | undefined): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Language>(initialLanguage);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const setLang = useCallback((next: Language) => {
    saveLanguage(next);
    setLangState(next);
  }, []);

  const value = useMemo<I18n>(() => {
    const messages = dictionaries[lang];
    const t = (key: MessageKey, vars?: Vars) => interpolate(messages[key], vars);
    return {
      lang,
      setLang,
      t,
      failure: (code) => t(`error.${code}`, { maxMb: MAX_UPLOAD_MB }),
      text: (localized) => localized[lang],
      fmt: createFormatters(lang),
    };
  }, [lang, setLang]);

  return <I18nContext value={value}>{children}</I18nContext>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useI18n() outside <I18nProvider>');
  return context;
}
