import { LANGUAGES, type Language } from '@oac/shared';

const STORAGE_KEY = 'oac.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

function stored(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be disabled (private modes, policies); the choice then lasts for the visit.
    return null;
  }
}

/** The saved choice, else the browser's first language we speak, else Catalan. */
export function initialLanguage(): Language {
  const saved = stored();
  if (isLanguage(saved)) return saved;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'ca';
}

/** Whether the person has chosen a language on this browser. */
export function hasSavedLanguage(): boolean {
  return isLanguage(stored());
}

export function saveLanguage(lang: Language): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // See stored().
  }
}

/** Each language named in itself, as people look for their own. */
export const languageNames: Record<Language, string> = { ca: 'Català', es: 'Español', en: 'English' };
