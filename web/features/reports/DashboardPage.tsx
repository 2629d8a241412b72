import { RightOutlined } from '@ant-design/icons';
import { Card, Tag, Typography, theme } from 'antd';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { DashboardCounters, DashboardDto } from '../../../domain/reports';
import type { UnitType } from '../../../domain/units';
import { formatDateTime } from '../../components/format';
import { LoadError, Loading } from '../../components/states';
import { useIsMobile } from '../../components/use-is-mobile';
import { useSession } from '../auth/auth.api';
import { UnitTreeSelect } from '../units';
import { Comparison } from './CommunityComparison';
import { CompoundMap } from './CompoundMap';
import { ReportsNav } from './ReportsNav';
import {
  DayBar,
  dayParam,
  FigureTile,
  formatNumber,
  ReportStatusTag,
  runningDay,
  useDayFormat,
  useInstantFormat,
} from './report-display';
import { useDashboard, useReportEvents } from './reports.api';
import { TrendChart, type TrendSeries } from './TrendChart';

const SCOPE_TYPES: readonly UnitType[] = ['subdistrict', 'community', 'village'];

/**
 * 指挥大屏: the sub-district's (or a community's) day at a glance — live counters, 30-day trends, the
 * communities side by side, the compounds by status and the reports still owed. The day running now
 * updates over the event stream without a reload; any past day can be opened from the date bar.
 */
export function DashboardPage() {
  const me = useSession();
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [sp, setSp] = useSearchParams();
  const date = dayParam(sp.get('date'));
  const unit = sp.get('unit') || undefined;
  const dashboard = useDashboard(unit, date);
  const data = dashboard.data;
  useReportEvents({ foldMs: 1_000, enabled: !data || data.live });

  const update = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(sp);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) next.delete(k);
      else next.set(k, v);
    }
    setSp(next, { replace: true });
  };
  const max = data ? runningDay(data) : undefined;
  const shownDay = date ?? data?.date;
  const stale = !data || (date && data.date !== date) || (unit && data.unit.id !== unit);

  let content: ReactNode;
  if (dashboard.isError && !data)
    content = <LoadError error={dashboard.error} onRetry={() => void dashboard.refetch()} />;
  else if (!data || stale) content = <Loading minHeight={320} />;
  else content = <DashboardBody data={data} onScope={(id) => update({ unit: id })} />;

  return (
    <>
      <ReportsNav />
      <div style={{ display: 'grid', gap: isMobile ? 12 : 16, gridTemplateColumns: 'minmax(0, 1fr)' }}>
        <Card styles={{ body: { padding: isMobile ? 12 : 20, display: 'grid', gap: 10 } }}>
          <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 12 }}>
            <Typography.Title level={isMobile ? 4 : 3} style={{ margin: 0 }}>
              {data ? `${data.unit.name} · ` : ''}
              {t('reports.dashboard.title')}
            </Typography.Title>
            {data && !stale && <LiveTag data={data} />}
            {!isMobile && <div style={{ flex: 1 }} />}
            {me.unitType === 'subdistrict' && (
              <div style={{ width: isMobile ? '100%' : 240 }} data-testid="dashboard-scope">
                <UnitTreeSelect
                  value={unit ?? data?.unit.id}
                  valueLabel={data?.unit.name}
                  onChange={(id) => id && update({ unit: id === me.unitId ? undefined : id })}
                  selectableTypes={SCOPE_TYPES}
                  deepestType="village"
                  placeholder={t('reports.dashboard.scopePlaceholder')}
                />
              </div>
            )}
            <DayBar
              testId="dashboard-day"
              day={shownDay}
              max={max}
              onChange={(d) => update({ date: d && d !== max ? d : undefined })}
              backLabel={date && date !== max ? t('reports.day.today') : undefined}
            />
          </div>
        </Card>
        {content}
      </div>
    </>
  );
}

function LiveTag({ data }: { data: DashboardDto }) {
  const { t } = useTranslation();
  const fmt = useDayFormat();
  if (!data.live)
    return (
      <Tag
        variant="filled"
        style={{ marginInlineEnd: 0 }}
        title={t('reports.dashboard.pastDayHint')}
        data-testid="dashboard-live"
        data-live="false"
      >
        {t('reports.dashboard.pastDay', { date: fmt.short(data.date) })}
      </Tag>
    );
  const time = formatDateTime(data.asOf).split(' ').pop() ?? '';
  return (
    <Tag
      color="green"
      variant="filled"
      style={{ marginInlineEnd: 0 }}
      data-testid="dashboard-live"
      data-live="true"
    >
      ● {t('reports.dashboard.liveAsOf', { time })}
    </Tag>
  );
}

function DashboardBody({ data, onScope }: { data: DashboardDto; onScope: (id: string) => void }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const pad = { body: { padding: isMobile ? 12 : 20 } };
  return (
    <>
      <Counters data={data} />
      <Reminders data={data} />
      <Card title={t('reports.dashboard.trend')} styles={pad} data-testid="dashboard-trend">
        <Trends data={data} />
      </Card>
      {data.communities.length > 1 && (
        <Card title={t('reports.dashboard.comparison')} styles={pad} data-testid="dashboard-comparison">
          <Comparison data={data} onScope={onScope} />
        </Card>
      )}
      <Card title={t('reports.dashboard.map')} styles={pad} data-testid="dashboard-map">
        <CompoundMap data={data} />
      </Card>
    </>
  );
}

/** Remembers which counters changed at the last refresh, for a second, to draw the eye to them. */
function useChanged(counters: DashboardCounters): ReadonlySet<string> {
  const before = useRef(counters);
  const [changed, setChanged] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    const keys = (Object.keys(counters) as (keyof DashboardCounters)[]).filter(
      (k) => counters[k] !== before.current[k],
    );
    before.current = counters;
    if (keys.length === 0) return;
    setChanged(new Set(keys));
    const timer = window.setTimeout(() => setChanged(new Set()), 1_500);
    return () => window.clearTimeout(timer);
  }, [counters]);
  return changed;
}

function Counters({ data }: { data: DashboardDto }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const isMobile = useIsMobile();
  const c = data.counters;
  const changed = useChanged(c);
  const wrap = (key: keyof DashboardCounters, node: ReactNode) => (
    <div
      key={key}
      style={{
        gridColumn: isMobile && key === 'alertsOpen' ? '1 / -1' : undefined,
        borderRadius: token.borderRadiusLG,
        transition: 'box-shadow 0.4s',
        boxShadow: changed.has(key) ? `0 0 0 3px ${token.colorPrimaryBorder}` : 'none',
        minWidth: 0,
      }}
    >
      {node}
    </div>
  );
  const n = (v: number) => formatNumber(v);
  return (
    <div
      style={{
        display: 'grid',
        gap: isMobile ? 8 : 12,
        gridTemplateColumns: isMobile ? 'repeat(2, minmax(0, 1fr))' : 'repeat(5, minmax(0, 1fr))',
      }}
      data-testid="dashboard-counters"
    >
      {wrap(
        'passages',
        <FigureTile
          size="large"
          testId="counter-passages"
          label={
            data.live
              ? t('reports.dashboard.counters.passages')
              : t('reports.dashboard.counters.passagesPast')
          }
          value={n(c.passages)}
          sub={
            data.passagesAvailable
              ? t('reports.dashboard.counters.passagesSub', { in: n(c.entriesIn), out: n(c.entriesOut) })
              : t('reports.dashboard.noPassages')
          }
        />,
      )}
      {wrap(
        'fevers',
        <FigureTile
          size="large"
          testId="counter-fevers"
          label={t('reports.dashboard.counters.fevers')}
          value={n(c.fevers)}
          tone={c.fevers > 0 ? 'danger' : undefined}
          sub={t('reports.dashboard.counters.feversSub', {
            gates: n(c.feversAtGates),
            checks: n(c.feverChecks),
          })}
        />,
      )}
      {wrap(
        'underWatch',
        <FigureTile
          size="large"
          testId="counter-underWatch"
          label={t('reports.dashboard.counters.underWatch')}
          value={n(c.underWatch)}
          tone="primary"
          sub={t('reports.dashboard.counters.underWatchSub', { count: n(c.newIsolations) })}
        />,
      )}
      {wrap(
        'checksOverdue',
        <FigureTile
          size="large"
          testId="counter-checksOverdue"
          label={t('reports.dashboard.counters.checksOverdue')}
          value={n(c.checksOverdue)}
          tone={c.checksOverdue > 0 ? 'warning' : undefined}
          sub={t('reports.dashboard.counters.checksOverdueSub', {
            due: n(c.checksDue),
            done: n(c.checksDone),
          })}
        />,
      )}
      {wrap(
        'alertsOpen',
        <FigureTile
          size="large"
          testId="counter-alertsOpen"
          label={t('reports.dashboard.counters.alertsOpen')}
          value={n(c.alertsOpen)}
          tone={c.alertsOpen > 0 ? 'danger' : undefined}
          sub={t('reports.dashboard.counters.alertsOpenSub', { count: n(c.alertsRaised) })}
        />,
      )}
    </div>
  );
}

function Reminders({ data }: { data: DashboardDto }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const isMobile = useIsMobile();
  const fmt = useDayFormat();
  const at = useInstantFormat();
  if (data.reminders.length === 0) return null;
  const missing = data.reminders.some((r) => r.status === 'missing');
  return (
    <Card
      size="small"
      title={
        <span style={{ color: missing ? token.colorErrorText : token.colorWarningText }}>
          {t('reports.dashboard.reminders')} · {formatNumber(data.reminders.length)}
        </span>
      }
      extra={<Link to="/reports/rollup">{t('reports.dashboard.openRollup')}</Link>}
      style={{ borderColor: missing ? token.colorErrorBorder : token.colorWarningBorder }}
      styles={{ body: { padding: isMobile ? 8 : 12 } }}
      data-testid="dashboard-reminders"
    >
      <ul
        style={{
          listStyle: 'none',
          margin: 0,
          padding: 0,
          display: 'grid',
          gap: 4,
          gridTemplateColumns: isMobile ? 'minmax(0, 1fr)' : 'repeat(auto-fill, minmax(300px, 1fr))',
        }}
      >
        {data.reminders.slice(0, 24).map((r) => (
          <li key={`${r.unit.id}-${r.date}`} data-testid="reminder" data-status={r.status}>
            <Link
              to={`/reports?unit=${r.unit.id}&date=${r.date}`}
              style={{
                display: 'flex',
                alignItems: 'center',
                gap: 8,
                padding: '6px 8px',
                borderRadius: 6,
                color: token.colorText,
                minHeight: 40,
              }}
            >
              <ReportStatusTag status={r.status} />
              <span style={{ flex: 1, minWidth: 0 }}>
                {t('reports.dashboard.reminderLine', { unit: r.unit.name, date: fmt.short(r.date) })}
              </span>
              <span style={{ fontSize: 12, color: token.colorTextTertiary }}>{at(r.deadline)}</span>
              <RightOutlined style={{ color: token.colorTextQuaternary, fontSize: 12 }} />
            </Link>
          </li>
        ))}
      </ul>
    </Card>
  );
}

function Trends({ data }: { data: DashboardDto }) {
  const { token } = theme.useToken();
  const isMobile = useIsMobile();
  const charts: { series: TrendSeries; kind: 'bar' | 'line'; color: string; alarm?: boolean }[] = [
    { series: 'passages', kind: 'line', color: token.colorPrimary },
    { series: 'underWatch', kind: 'line', color: '#7a4fd6' },
    { series: 'fevers', kind: 'bar', color: token.colorError, alarm: true },
    { series: 'newIsolations', kind: 'bar', color: '#d4880f' },
    { series: 'checksOverdue', kind: 'bar', color: token.colorWarning, alarm: true },
    { series: 'alertsRaised', kind: 'bar', color: token.colorError, alarm: true },
  ];
  return (
    <div
      style={{
        display: 'grid',
        gap: isMobile ? 16 : 24,
        gridTemplateColumns: isMobile ? 'repeat(auto-fill, minmax(150px, 1fr))' : 'repeat(3, minmax(0, 1fr))',
      }}
    >
      {charts.map((c) => (
        <TrendChart key={c.series} points={data.trend} {...c} />
      ))}
    </div>
  );
}
