import type { QualityReport } from '@oac/shared';
import type { ReactNode } from 'react';
import { callbackBasis, fcrBasis, noShowBasis, NO_DATA } from './qualityTables';
import { useQualityText } from './useQualityText';

/** A figure, or "—" that a screen reader says as "no data"; a duration is said in full words. */
function Figure({ value, kind }: { value: number | null; kind: 'duration' | 'percent' | 'decimal' | 'integer' }) {
  const { t, f } = useQualityText();
  if (value === null) {
    return (
      <>
        <span aria-hidden="true">{NO_DATA}</span>
        <span className="visually-hidden">{t('quality.noData')}</span>
      </>
    );
  }
  if (kind === 'duration') {
    const { text, spoken } = f.duration(value);
    return (
      <>
        <span aria-hidden="true">{text}</span>
        <span className="visually-hidden">{spoken}</span>
      </>
    );
  }
  return <>{kind === 'percent' ? f.percent(value) : kind === 'decimal' ? f.decimal(value) : f.integer(value)}</>;
}

function Card({ id, title, children, basis }: { id: string; title: string; children: ReactNode; basis: string }) {
  return (
    <li className="card quality-card" data-testid={`quality-card-${id}`}>
      <h3 className="quality-card__title">{title}</h3>
      {children}
      <p className="quality-card__basis muted">{basis}</p>
    </li>
  );
}

/** One big figure. */
function Single({ children, unit }: { children: ReactNode; unit?: string }) {
  return (
    <p className="quality-card__value">
      {children}
      {unit && <span className="quality-card__unit"> {unit}</span>}
    </p>
  );
}

/** Two figures side by side, each with its label: a median and a 90th percentile, say. */
function Pair({ items }: { items: [label: string, value: ReactNode][] }) {
  return (
    <dl className="quality-card__pair">
      {items.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd className="quality-card__value">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The headline figures: on a phone one under another, on a wide screen four to a row. */
export function QualityCards({ report }: { report: QualityReport }) {
  const text = useQualityText();
  const { t, f } = text;
  const samples = (n: number) => t('quality.samples', { count: f.integer(n) });
  return (
    <ul className="quality-cards" aria-label={t('quality.figures')}>
      <Card id="contacts" title={t('quality.card.contacts')} basis={`${f.date(report.from)} – ${f.date(report.to)}`}>
        <Single>
          <Figure value={report.contacts} kind="integer" />
        </Single>
      </Card>
      <Card id="wait" title={t('quality.card.wait')} basis={samples(report.wait.samples)}>
        <Pair
          items={[
            [t('quality.p50'), <Figure key="p50" value={report.wait.p50Seconds} kind="duration" />],
            [t('quality.p90'), <Figure key="p90" value={report.wait.p90Seconds} kind="duration" />],
          ]}
        />
      </Card>
      <Card id="handling" title={t('quality.card.handling')} basis={samples(report.handling.samples)}>
        <Pair
          items={[
            [t('quality.p50'), <Figure key="p50" value={report.handling.p50Seconds} kind="duration" />],
            [t('quality.mean'), <Figure key="mean" value={report.handling.meanSeconds} kind="duration" />],
          ]}
        />
      </Card>
      <Card id="no-show" title={t('quality.card.noShow')} basis={noShowBasis(report, text)}>
        <Single>
          <Figure value={report.noShow.rate} kind="percent" />
        </Single>
      </Card>
      <Card id="fcr" title={t('quality.card.fcr')} basis={fcrBasis(report, text)}>
        <Single>
          <Figure value={report.firstContactResolution.rate} kind="percent" />
        </Single>
      </Card>
      <Card id="callback" title={t('quality.card.callback')} basis={callbackBasis(report, text)}>
        <Pair items={[[t('quality.p50'), <Figure key="p50" value={report.callbacks.turnaround.p50Seconds} kind="duration" />]]} />
      </Card>
      <Card id="csat" title={t('quality.card.csat')} basis={samples(report.csat.answers)}>
        <Single unit={report.csat.mean === null ? undefined : t('quality.outOfFive')}>
          <Figure value={report.csat.mean} kind="decimal" />
        </Single>
      </Card>
    </ul>
  );
}
