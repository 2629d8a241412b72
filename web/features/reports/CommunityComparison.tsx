import { Segmented, Table, type TableColumnsType, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DashboardDto } from '../../../domain/reports';
import type { ColumnT } from '../../components/format';
import { EmptyState } from '../../components/states';
import { useIsMobile } from '../../components/use-is-mobile';
import { formatCoverage, formatNumber, ReportStatusTag, useDayFormat } from './report-display';

type Community = DashboardDto['communities'][number];
type Metric = 'passages' | 'fevers' | 'underWatch' | 'checksOverdue' | 'alertsOpen';
const METRICS: readonly Metric[] = ['passages', 'fevers', 'underWatch', 'checksOverdue', 'alertsOpen'];

/** A number with a thin bar behind it, scaled to the column's largest value. */
function BarCell({ value, max, color }: { value: number; max: number; color: string }) {
  const { token } = theme.useToken();
  const width = max > 0 ? Math.max((value / max) * 100, value > 0 ? 3 : 0) : 0;
  return (
    <div style={{ display: 'grid', gap: 2, minWidth: 64 }}>
      <span style={{ fontVariantNumeric: 'tabular-nums', textAlign: 'right' }}>{formatNumber(value)}</span>
      <div style={{ height: 5, background: token.colorFillSecondary, borderRadius: 3 }}>
        <div style={{ width: `${width}%`, height: '100%', background: color, borderRadius: 3 }} />
      </div>
    </div>
  );
}

function comparisonColumns(
  t: ColumnT,
  rows: Community[],
  colors: Record<Metric, string>,
  reportDay: (d: string) => string,
  onScope: (id: string) => void,
): TableColumnsType<Community> {
  const max = (m: Metric) => Math.max(0, ...rows.map((r) => r.counters[m]));
  return [
    {
      title: t('reports.rollup.col.community'),
      key: 'name',
      render: (_, r) => (
        <a
          href={`?unit=${r.unit.id}`}
          onClick={(e) => {
            e.preventDefault();
            onScope(r.unit.id);
          }}
          style={{ fontWeight: 600 }}
        >
          {r.unit.name}
        </a>
      ),
    },
    {
      title: t('reports.rollup.col.status'),
      key: 'report',
      width: 130,
      render: (_, r) => (
        <Link
          to={`/reports?unit=${r.unit.id}&date=${r.report.date}`}
          style={{ display: 'grid', gap: 2 }}
          title={t('reports.dashboard.reportOf', { date: reportDay(r.report.date) })}
        >
          <ReportStatusTag status={r.report.status} />
          <span style={{ fontSize: 11 }}>
            {t('reports.dashboard.reportOf', { date: reportDay(r.report.date) })}
          </span>
        </Link>
      ),
    },
    ...METRICS.map((m) => ({
      title: t(`reports.dashboard.series.${m}`),
      key: m,
      width: 104,
      render: (_: unknown, r: Community) => <BarCell value={r.counters[m]} max={max(m)} color={colors[m]} />,
    })),
    {
      title: t('reports.rollup.col.coverage'),
      key: 'coverage',
      width: 96,
      align: 'right',
      render: (_, r) => formatCoverage(r.coverage),
    },
  ];
}

/** The communities side by side: a table with bars on a desktop, one figure at a time on a phone. */
export function Comparison({ data, onScope }: { data: DashboardDto; onScope: (id: string) => void }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const isMobile = useIsMobile();
  const fmt = useDayFormat();
  const [metric, setMetric] = useState<Metric>('passages');
  const colors: Record<Metric, string> = {
    passages: token.colorPrimary,
    fevers: token.colorError,
    underWatch: '#7a4fd6',
    checksOverdue: token.colorWarning,
    alertsOpen: token.colorError,
  };
  if (data.communities.length === 0)
    return <EmptyState description={t('reports.dashboard.comparisonEmpty')} />;
  if (!isMobile)
    return (
      <Table<Community>
        size="small"
        rowKey={(r) => r.unit.id}
        columns={comparisonColumns(t as ColumnT, data.communities, colors, fmt.short, onScope)}
        dataSource={data.communities}
        pagination={data.communities.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        scroll={{ x: 'max-content' }}
        data-testid="comparison-table"
      />
    );
  const max = Math.max(0, ...data.communities.map((c) => c.counters[metric]));
  const sorted = [...data.communities].sort((a, b) => b.counters[metric] - a.counters[metric]);
  return (
    <div style={{ display: 'grid', gap: 12 }}>
      <Segmented
        block
        value={metric}
        onChange={(v) => setMetric(v as Metric)}
        options={METRICS.map((m) => ({ value: m, label: t(`reports.dashboard.seriesShort.${m}`) }))}
        data-testid="comparison-metric"
      />
      <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 10 }}>
        {sorted.map((c) => (
          <li key={c.unit.id} data-testid="comparison-row">
            <a
              href={`?unit=${c.unit.id}`}
              onClick={(e) => {
                e.preventDefault();
                onScope(c.unit.id);
              }}
              style={{ display: 'grid', gap: 4, color: token.colorText }}
            >
              <span style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
                <span style={{ flex: 1, fontWeight: 600 }}>{c.unit.name}</span>
                <ReportStatusTag status={c.report.status} />
                <span
                  style={{
                    fontVariantNumeric: 'tabular-nums',
                    fontWeight: 600,
                    minWidth: 40,
                    textAlign: 'right',
                  }}
                >
                  {formatNumber(c.counters[metric])}
                </span>
              </span>
              <div style={{ height: 8, background: token.colorFillSecondary, borderRadius: 4 }}>
                <div
                  style={{
                    width: `${max > 0 ? Math.max((c.counters[metric] / max) * 100, c.counters[metric] > 0 ? 3 : 0) : 0}%`,
                    height: '100%',
                    background: colors[metric],
                    borderRadius: 4,
                  }}
                />
              </div>
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
