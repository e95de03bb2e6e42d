import { useI18n } from '../../i18n/I18nProvider';
import type { MessageKey } from '../../i18n/messages';
import { Link } from '../../router/Link';
import { PLANNING_TABS, planningHref, type PlanningQuery, type PlanningTab } from './planningUrl';

const labels: Record<PlanningTab, MessageKey> = {
  board: 'planning.tab.board',
  hours: 'planning.tab.hours',
  closures: 'planning.tab.closures',
  roster: 'planning.tab.roster',
  peaks: 'planning.tab.peaks',
  conflicts: 'planning.tab.conflicts',
};

/**
 * The tools as links, not an ARIA tab list: each is an address of its own (bookmarkable, opens in a
 * new tab), and links need no arrow-key script to be used from the keyboard.
 */
export function PlanningTabs({ query, conflicts }: { query: PlanningQuery; conflicts: number | null }) {
  const { t } = useI18n();
  return (
    <nav className="planning-tabs" aria-label={t('planning.tabs')}>
      <ul className="planning-tabs__list">
        {PLANNING_TABS.map((tab) => (
          <li key={tab}>
            <Link
              href={planningHref({ ...query, tab })}
              className="planning-tabs__link"
              data-testid={`tab-${tab}`}
              aria-current={query.tab === tab ? 'page' : undefined}
            >
              {t(labels[tab])}
              {tab === 'conflicts' && conflicts !== null && conflicts > 0 && (
                <span className="planning-tabs__count">
                  <span aria-hidden="true">{conflicts}</span>
                  <span className="visually-hidden">{t('planning.tab.conflictsCount', { count: conflicts })}</span>
                </span>
              )}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
