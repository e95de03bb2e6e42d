import { useEffect } from 'react';
import { useI18n } from '../i18n/I18nProvider';

/** Names the browser tab after the page, so history and screen readers say where one is. */
export function useTitle(title: string): void {
  const { t } = useI18n();
  const app = t('app.name');
  useEffect(() => {
    document.title = title ? `${title} · ${app}` : app;
  }, [title, app]);
}
