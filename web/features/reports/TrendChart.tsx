import { theme } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DashboardTrendPoint } from '../../../domain/reports';
import { formatNumber, useDayFormat } from './report-display';

export type TrendSeries = Exclude<keyof DashboardTrendPoint, 'date'>;

const W = 300;
const H = 80;
const PAD_TOP = 6;

/**
 * Thirty days of one figure as a small inline SVG: bars for events counted per day (fevers, alerts),
 * a line over a light area for levels (passages, people under watch). Every day has a hover title with
 * its date and value; the latest value, the highest and the first and last dates are written out.
 */
export function TrendChart({
  points,
  series,
  kind,
  color,
  alarm,
}: {
  points: readonly DashboardTrendPoint[];
  series: TrendSeries;
  kind: 'bar' | 'line';
  color: string;
  /** Colour the latest value as a warning when it is above zero (fevers, overdue checks). */
  alarm?: boolean;
}) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const fmt = useDayFormat();
  const values = points.map((p) => p[series]);
  const max = Math.max(0, ...values);
  const last = values.at(-1) ?? 0;
  const n = Math.max(points.length, 1);
  const step = W / n;
  const y = (v: number) => (max === 0 ? H : H - ((H - PAD_TOP) * v) / max);
  const label = t(`reports.dashboard.series.${series}`);

  let marks: React.ReactNode;
  if (kind === 'bar') {
    marks = points.map((p, i) => {
      const v = p[series];
      const top = y(v);
      return (
        <rect
          key={p.date}
          x={i * step + step * 0.15}
          y={v > 0 ? Math.min(top, H - 1.5) : H - 1}
          width={step * 0.7}
          height={v > 0 ? Math.max(H - top, 1.5) : 1}
          fill={v > 0 ? color : token.colorBorderSecondary}
          rx={1}
        />
      );
    });
  } else {
    const xy = points.map((p, i) => [i * step + step / 2, y(p[series])] as const);
    const line = xy.map(([x, yy], i) => `${i === 0 ? 'M' : 'L'}${x.toFixed(1)},${yy.toFixed(1)}`).join(' ');
    const first = xy[0];
    const end = xy.at(-1);
    marks = first && end && (
      <>
        <path
          d={`${line} L${end[0].toFixed(1)},${H} L${first[0].toFixed(1)},${H} Z`}
          fill={color}
          opacity={0.12}
        />
        <path
          d={line}
          fill="none"
          stroke={color}
          strokeWidth={1.8}
          strokeLinejoin="round"
          vectorEffect="non-scaling-stroke"
        />
      </>
    );
  }

  const firstDate = points[0]?.date;
  const lastDate = points.at(-1)?.date;
  return (
    <figure style={{ margin: 0, display: 'grid', gap: 4, minWidth: 0 }} data-testid={`trend-${series}`}>
      <figcaption style={{ display: 'flex', alignItems: 'baseline', gap: 8 }}>
        <span style={{ flex: 1, color: token.colorTextSecondary, fontSize: 13 }}>{label}</span>
        <span
          style={{
            fontSize: 18,
            fontWeight: 600,
            fontVariantNumeric: 'tabular-nums',
            color: alarm && last > 0 ? token.colorErrorText : token.colorText,
          }}
          data-testid="trend-latest"
        >
          {formatNumber(last)}
        </span>
      </figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`${label}: ${points.map((p) => `${p.date} ${p[series]}`).join(', ')}`}
        style={{ width: '100%', height: 72, display: 'block', overflow: 'visible' }}
      >
        <line
          x1={0}
          x2={W}
          y1={H}
          y2={H}
          stroke={token.colorBorder}
          strokeWidth={1}
          vectorEffect="non-scaling-stroke"
        />
        {max > 0 && (
          <line
            x1={0}
            x2={W}
            y1={PAD_TOP}
            y2={PAD_TOP}
            stroke={token.colorBorderSecondary}
            strokeDasharray="3 3"
            strokeWidth={1}
            vectorEffect="non-scaling-stroke"
          />
        )}
        {marks}
        {points.map((p, i) => (
          <rect key={`hit-${p.date}`} x={i * step} y={0} width={step} height={H} fill="transparent">
            <title>
              {t('reports.dashboard.trendPoint', { date: fmt.short(p.date), value: formatNumber(p[series]) })}
            </title>
          </rect>
        ))}
      </svg>
      <div
        style={{
          display: 'flex',
          justifyContent: 'space-between',
          fontSize: 11,
          color: token.colorTextTertiary,
        }}
      >
        <span>{firstDate ? fmt.short(firstDate) : ''}</span>
        <span>{t('reports.dashboard.trendMax', { value: formatNumber(max) })}</span>
        <span>{lastDate ? fmt.short(lastDate) : ''}</span>
      </div>
    </figure>
  );
}
