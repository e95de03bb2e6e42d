import { useMemo } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { createQualityFormat } from './qualityFormat';
import type { TableText } from './qualityTables';

/** The page's words and numbers in the reader's language, built once per language. */
export function useQualityText(): TableText {
  const { t, lang } = useI18n();
  return useMemo(() => ({ t, f: createQualityFormat(lang) }), [t, lang]);
}
