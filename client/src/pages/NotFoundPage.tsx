import { useI18n } from '../i18n/I18nProvider';
import { Link } from '../router/Link';
import { useTitle } from '../ui/useTitle';

export function NotFoundPage() {
  const { t } = useI18n();
  useTitle(t('notFound.title'));
  return (
    <div className="page page--narrow">
      <h1 tabIndex={-1}>{t('notFound.title')}</h1>
      <p>{t('notFound.body')}</p>
      <p>
        <Link href="/">{t('notFound.home')}</Link>
      </p>
    </div>
  );
}
