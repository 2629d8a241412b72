import { Button, Segmented, Select, Table, type TableColumnsType, Typography, theme } from 'antd';
import { type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CheckpointDto, CountsDto } from '../../../domain/checkpoints';
import { type ColumnT, formatNumber } from '../../components/format';
import { EmptyState, LoadError, Loading } from '../../components/states';
import { useIsMobile } from '../../components/use-is-mobile';
import { useCheckpointCounts } from './checkpoints.api';

type Counts = { in: number; out: number; fevers: number; denied: number };
const IN_COLOR = '#2f6fd0';
const HOURS = Array.from({ length: 24 }, (_, h) => h);
const OUT_COLOR = '#f08c2e';

/** A horizontal bar: in (blue) then out (orange), scaled to the largest row; no chart library needed. */
export function InOutBar({ counts, max, width = 160 }: { counts: Counts; max: number; width?: number }) {
  const { t } = useTranslation();
  const scale = max > 0 ? width / max : 0;
  const wIn = counts.in * scale;
  const wOut = counts.out * scale;
  return (
    <svg
      width={width}
      height={14}
      viewBox={`0 0 ${width} 14`}
      role="img"
      aria-label={t('checkpoints.counts.barLabel', { in: counts.in, out: counts.out })}
      style={{ display: 'block', maxWidth: '100%' }}
    >
      <rect x={0} y={2} width={width} height={10} rx={2} fill="rgba(0,0,0,0.04)" />
      {wIn > 0 && <rect x={0} y={2} width={Math.max(wIn, 1)} height={10} fill={IN_COLOR} />}
      {wOut > 0 && <rect x={wIn} y={2} width={Math.max(wOut, 1)} height={10} fill={OUT_COLOR} />}
    </svg>
  );
}

function Legend() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const dot = (color: string) => (
    <span style={{ display: 'inline-block', width: 10, height: 10, borderRadius: 2, background: color }} />
  );
  return (
    <span
      style={{
        display: 'inline-flex',
        gap: 12,
        fontSize: 12,
        color: token.colorTextSecondary,
        alignItems: 'center',
      }}
    >
      <span style={{ display: 'inline-flex', gap: 4, alignItems: 'center' }}>
        {dot(IN_COLOR)}
        {t('checkpoints.counts.in')}
      </span>
      <span style={{ display: 'inline-flex', gap: 4, alignItems: 'center' }}>
        {dot(OUT_COLOR)}
        {t('checkpoints.counts.out')}
      </span>
    </span>
  );
}

/** 24 stacked columns for one day, hours along the bottom; fevers marked with a red dot above. */
function HourChart({ hours }: { hours: (Counts & { hour: number })[] }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const byHour = new Map(hours.map((h) => [h.hour, h]));
  const max = Math.max(1, ...hours.map((h) => h.in + h.out));
  const W = 24 * 22;
  const H = 140;
  const base = H - 18;
  const scale = (base - 14) / max;
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      width="100%"
      style={{ maxWidth: W, display: 'block' }}
      role="img"
      aria-label={t('checkpoints.counts.hourChart')}
      data-testid="hour-chart"
    >
      <line x1={0} x2={W} y1={base} y2={base} stroke={token.colorBorder} />
      {HOURS.map((hour) => {
        const c = byHour.get(hour);
        const x = hour * 22 + 3;
        const hIn = (c?.in ?? 0) * scale;
        const hOut = (c?.out ?? 0) * scale;
        return (
          <g key={hour}>
            <title>
              {t('checkpoints.counts.hourTip', {
                hour: String(hour).padStart(2, '0'),
                in: c?.in ?? 0,
                out: c?.out ?? 0,
                fevers: c?.fevers ?? 0,
                denied: c?.denied ?? 0,
              })}
            </title>
            <rect x={x - 2} y={0} width={20} height={base} fill="transparent" />
            {hIn > 0 && <rect x={x} y={base - hIn} width={16} height={hIn} fill={IN_COLOR} />}
            {hOut > 0 && <rect x={x} y={base - hIn - hOut} width={16} height={hOut} fill={OUT_COLOR} />}
            {(c?.fevers ?? 0) > 0 && (
              <circle cx={x + 8} cy={base - hIn - hOut - 6} r={4} fill={token.colorError} />
            )}
            {hour % 3 === 0 && (
              <text x={x + 8} y={H - 4} fontSize={11} textAnchor="middle" fill={token.colorTextSecondary}>
                {String(hour).padStart(2, '0')}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}

/** Columns of a counts table; on a phone narrow enough for 375 px with a short bar, no sideways scroll. */
function countColumns(
  t: ColumnT,
  first: { title: string; key: 'day' | 'hour' | 'name' },
  max: number,
  compact: boolean,
) {
  const num = (k: keyof Counts, color?: string) => ({
    title: t(`checkpoints.counts.${k}`),
    key: k,
    width: compact ? 44 : 72,
    align: 'right' as const,
    render: (_: unknown, r: Counts) => (
      <span
        style={{
          fontVariantNumeric: 'tabular-nums',
          color: r[k] > 0 ? color : undefined,
          fontWeight: r[k] > 0 && color ? 600 : undefined,
        }}
      >
        {formatNumber(r[k])}
      </span>
    ),
  });
  return [
    {
      title: first.title,
      dataIndex: first.key,
      key: first.key,
      width: compact ? 64 : 120,
      // A phone shows `11-23` for a day.
      render: (v: string | number) => (compact && first.key === 'day' ? String(v).slice(5) : v),
    },
    num('in'),
    num('out'),
    num('fevers', '#cf1322'),
    num('denied', '#d46b08'),
    {
      title: '',
      key: 'bar',
      render: (_: unknown, r: Counts) => <InOutBar counts={r} max={max} width={compact ? 64 : 160} />,
    },
  ];
}

/**
 * Counts per day and per hour of one checkpoint over the chosen days, from the hourly table the
 * server keeps beside the log (never a scan of the log): a table with a bar per row, and a 24-hour
 * chart for one day.
 */
export function CheckpointCounts({
  checkpointId,
  from,
  to,
}: {
  checkpointId: string;
  from: string;
  to: string;
}) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const counts = useCheckpointCounts(checkpointId, from, to);
  const [view, setView] = useState<'day' | 'hour'>('day');
  const [day, setDay] = useState<string | undefined>();

  const data = counts.data;
  const days = useMemo(() => (data ? [...data.days].reverse() : []), [data]);
  const busiest = useMemo(() => {
    if (!data) return undefined;
    const withData = data.days.filter((d) => d.in + d.out > 0);
    return withData[withData.length - 1]?.day ?? data.to;
  }, [data]);
  const shownDay = day && data && day >= data.from && day <= data.to ? day : busiest;

  if (counts.isError && !data)
    return <LoadError compact error={counts.error} onRetry={() => void counts.refetch()} />;
  if (!data) return <Loading minHeight={120} />;
  const total = data.total;
  if (total.in + total.out + total.denied === 0)
    return (
      <EmptyState description={<span data-testid="counts-empty">{t('checkpoints.counts.empty')}</span>} />
    );

  const hours = data.hours.filter((h) => h.day === shownDay);
  const maxDay = Math.max(1, ...data.days.map((d) => d.in + d.out));
  const maxHour = Math.max(1, ...hours.map((h) => h.in + h.out));
  let body: ReactNode;
  if (view === 'day')
    body = (
      <Table<CountsDto['days'][number]>
        size="small"
        rowKey="day"
        pagination={false}
        columns={
          countColumns(
            t as ColumnT,
            { title: t('checkpoints.counts.day'), key: 'day' },
            maxDay,
            isMobile,
          ) as TableColumnsType<CountsDto['days'][number]>
        }
        dataSource={days}
        scroll={isMobile ? undefined : { x: 560 }}
        onRow={(r) => ({
          onClick: () => {
            setDay(r.day);
            setView('hour');
          },
          style: { cursor: 'pointer' },
        })}
        data-testid="counts-days"
      />
    );
  else
    body = (
      <div style={{ display: 'grid', gap: 12, gridTemplateColumns: 'minmax(0, 1fr)' }}>
        <HourChart hours={hours} />
        <Table<CountsDto['hours'][number]>
          size="small"
          rowKey="hour"
          pagination={false}
          columns={
            countColumns(
              t as ColumnT,
              { title: t('checkpoints.counts.hour'), key: 'hour' },
              maxHour,
              isMobile,
            ).map((c) =>
              c.key === 'hour'
                ? {
                    ...c,
                    render: (_: unknown, r: { hour: number }) => `${String(r.hour).padStart(2, '0')}:00`,
                  }
                : c,
            ) as TableColumnsType<CountsDto['hours'][number]>
          }
          dataSource={hours}
          scroll={isMobile ? undefined : { x: 560 }}
          locale={{ emptyText: t('checkpoints.counts.emptyDay') }}
          data-testid="counts-hours"
        />
      </div>
    );

  return (
    <div
      style={{ display: 'grid', gap: 12, gridTemplateColumns: 'minmax(0, 1fr)' }}
      data-testid="checkpoint-counts"
    >
      <div
        style={{ display: 'flex', gap: 16, flexWrap: 'wrap', alignItems: 'baseline' }}
        data-testid="counts-total"
      >
        {(['in', 'out', 'fevers', 'denied'] as const).map((k) => (
          <span key={k}>
            <Typography.Text type="secondary">{t(`checkpoints.counts.${k}`)}</Typography.Text>{' '}
            <strong
              style={{
                fontSize: 20,
                fontVariantNumeric: 'tabular-nums',
                color: k === 'fevers' && total[k] > 0 ? '#cf1322' : undefined,
              }}
            >
              {formatNumber(total[k])}
            </strong>
          </span>
        ))}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('checkpoints.counts.range', { from: data.from, to: data.to })}
        </Typography.Text>
      </div>
      <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap', alignItems: 'center' }}>
        <Segmented
          value={view}
          onChange={(v) => setView(v as 'day' | 'hour')}
          options={[
            { value: 'day', label: t('checkpoints.counts.byDay') },
            { value: 'hour', label: t('checkpoints.counts.byHour') },
          ]}
          size={isMobile ? 'large' : 'middle'}
          data-testid="counts-view"
        />
        {view === 'hour' && (
          <Select
            value={shownDay}
            onChange={setDay}
            options={days.map((d) => ({ value: d.day, label: d.day }))}
            style={{ width: 150 }}
            size={isMobile ? 'large' : 'middle'}
            aria-label={t('checkpoints.counts.day')}
          />
        )}
        <Legend />
      </div>
      {body}
    </div>
  );
}

/** Today at every checkpoint of the list: which gates are busy, which turned people back. */
export function TodayByCheckpoint({
  checkpoints,
  onPick,
}: {
  checkpoints: CheckpointDto[];
  onPick: (id: string) => void;
}) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const rows = checkpoints
    .filter((c) => !c.archived)
    .map((c) => ({ id: c.id, name: c.name, unitName: c.unitName, ...c.today }))
    .sort((a, b) => b.in + b.out - (a.in + a.out));
  const max = Math.max(1, ...rows.map((r) => r.in + r.out));
  if (rows.length === 0) return <EmptyState description={t('checkpoints.counts.noCheckpoints')} />;
  const columns = countColumns(
    t as ColumnT,
    { title: t('checkpoints.field.name'), key: 'name' },
    max,
    isMobile,
  ).map((c) =>
    c.key === 'name'
      ? {
          ...c,
          width: isMobile ? 96 : 200,
          render: (_: unknown, r: (typeof rows)[number]) => (
            <Button
              type="link"
              style={{ padding: 0, height: 'auto', textAlign: 'start', whiteSpace: 'normal' }}
              onClick={() => onPick(r.id)}
            >
              {r.name}
            </Button>
          ),
        }
      : c,
  );
  return (
    <Table<(typeof rows)[number]>
      size="small"
      rowKey="id"
      pagination={rows.length > 20 ? { pageSize: 20, size: 'small' } : false}
      columns={columns as TableColumnsType<(typeof rows)[number]>}
      dataSource={rows}
      scroll={isMobile ? undefined : { x: 600 }}
      data-testid="counts-today"
    />
  );
}
