import { Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DashboardCompound, DashboardDto } from '../../../domain/reports';
import { COMPOUND_STATUSES, type CompoundStatus } from '../../../domain/units';
import { EmptyState } from '../../components/states';
import { useIsMobile } from '../../components/use-is-mobile';
import { formatNumber } from './report-display';

/** Wall-map colours (open green, closed orange, sealed red), light fills so the words stay readable. */
export function useCompoundColors(): Record<CompoundStatus, { bg: string; border: string; text: string }> {
  const { token } = theme.useToken();
  return {
    open: { bg: token.colorSuccessBg, border: token.colorSuccessBorder, text: token.colorSuccessText },
    closed: { bg: token.colorWarningBg, border: token.colorWarningBorder, text: token.colorWarningText },
    sealed: { bg: token.colorErrorBg, border: token.colorError, text: token.colorErrorText },
  };
}

/**
 * 小区管控状态: a schematic map — no map tiles offline — with one tile per compound, grouped by
 * community, coloured by status and always labelled with the status word, persons under watch and
 * open alerts. A tile opens the compound on the grid page.
 */
export function CompoundMap({ data }: { data: DashboardDto }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const isMobile = useIsMobile();
  const colors = useCompoundColors();
  if (data.compounds.length === 0) return <EmptyState description={t('reports.dashboard.mapEmpty')} />;
  const count = (s: CompoundStatus) => data.compounds.filter((c) => c.status === s).length;
  const groups = new Map<string, DashboardCompound[]>();
  for (const c of data.compounds) groups.set(c.communityId, [...(groups.get(c.communityId) ?? []), c]);
  const names = new Map(data.communities.map((c) => [c.unit.id, c.unit.name]));
  const order = [
    ...data.communities.map((c) => c.unit.id).filter((id) => groups.has(id)),
    ...[...groups.keys()].filter((id) => !names.has(id)),
  ];
  return (
    <div style={{ display: 'grid', gap: 12 }} data-testid="compound-map">
      <div
        style={{
          display: 'flex',
          flexWrap: 'wrap',
          gap: '6px 16px',
          fontSize: 13,
          color: token.colorTextSecondary,
        }}
        data-testid="map-legend"
      >
        {COMPOUND_STATUSES.map((s) => (
          <span key={s} style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
            <span
              aria-hidden
              style={{
                width: 16,
                height: 16,
                borderRadius: 3,
                background: colors[s].bg,
                border: `1px solid ${colors[s].border}`,
              }}
            />
            {t(`unitStatus.${s}`)} {formatNumber(count(s))}
          </span>
        ))}
        <span>{t('reports.dashboard.mapHint')}</span>
      </div>
      <div
        style={{
          display: 'grid',
          gap: isMobile ? 12 : '16px 24px',
          gridTemplateColumns: isMobile
            ? 'minmax(0, 1fr)'
            : 'repeat(auto-fill, minmax(min(100%, 360px), 1fr))',
        }}
      >
        {order.map((communityId) => (
          <section
            key={communityId}
            style={{ display: 'grid', gap: 6, alignContent: 'start' }}
            data-testid="map-community"
          >
            {(data.communities.length > 1 || !names.has(communityId)) && (
              <Typography.Text strong>{names.get(communityId) ?? ''}</Typography.Text>
            )}
            <div
              style={{
                display: 'grid',
                gap: 6,
                gridTemplateColumns: `repeat(auto-fill, minmax(${isMobile ? 100 : 112}px, 1fr))`,
              }}
            >
              {(groups.get(communityId) ?? []).map((c) => (
                <Link
                  key={c.id}
                  to={`/units/${c.id}`}
                  data-testid="compound-tile"
                  data-status={c.status}
                  title={`${c.name} · ${t(`unitStatus.${c.status}`)}`}
                  style={{
                    display: 'grid',
                    gap: 2,
                    padding: '6px 8px',
                    minHeight: 56,
                    borderRadius: 6,
                    background: colors[c.status].bg,
                    border: `1px solid ${colors[c.status].border}`,
                    borderLeftWidth: 4,
                    color: token.colorText,
                    minWidth: 0,
                  }}
                >
                  <span
                    style={{
                      fontWeight: 600,
                      fontSize: 13,
                      overflow: 'hidden',
                      textOverflow: 'ellipsis',
                      whiteSpace: 'nowrap',
                    }}
                  >
                    {c.name}
                  </span>
                  <span style={{ fontSize: 12, color: colors[c.status].text, fontWeight: 600 }}>
                    {t(`unitStatus.${c.status}`)}
                    {c.unmanaged && (
                      <span style={{ color: token.colorTextSecondary, fontWeight: 400 }}>
                        {' · '}
                        {t('reports.dashboard.unmanaged')}
                      </span>
                    )}
                  </span>
                  {(c.underWatch > 0 || c.alertsOpen > 0) && (
                    <span style={{ fontSize: 11, color: token.colorTextSecondary }}>
                      {t('reports.dashboard.compoundLine', {
                        watch: formatNumber(c.underWatch),
                        alerts: formatNumber(c.alertsOpen),
                      })}
                    </span>
                  )}
                </Link>
              ))}
            </div>
          </section>
        ))}
      </div>
    </div>
  );
}
