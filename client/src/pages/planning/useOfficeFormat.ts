import { useMemo } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { createFormatters, type Formatters } from '../../i18n/format';

/** The page's formatters on the office's own clock: the board shows the times its citizens were given. */
export function useOfficeFormat(timeZone: string): Formatters {
  const { lang } = useI18n();
  return useMemo(() => createFormatters(lang, timeZone), [lang, timeZone]);
}
