import { CopyOutlined, FileExcelOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Progress, Tag, Typography, theme } from 'antd';
import { type ReactNode, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { RollupDto } from '../../../domain/reports';
import { EmptyState, LoadError, Loading } from '../../components/states';
import { useIsMobile } from '../../components/use-is-mobile';
import { hasPermission, useSession } from '../auth/auth.api';
import { ReportFigures } from './ReportFigures';
import { ReportSettingsButton } from './ReportSettings';
import { ReportsNav } from './ReportsNav';
import { CommunityCards, CommunityTable } from './RollupCommunities';
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
import { rollupXlsxUrl, useReportEvents, useRollup } from './reports.api';

const UNSUBMITTED = new Set(['due', 'missing']);

/**
 * 日报告汇总 for HQ: which communities have submitted the day's report, late or not at all (updated
 * live as reports arrive), a reminder to copy into the work group, the sub-district's totals, the
 * .xlsx for the district and a printable sheet.
 */
export function RollupPage() {
  const me = useSession();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const [sp, setSp] = useSearchParams();
  const date = dayParam(sp.get('date'));
  const unit = sp.get('unit') || undefined;
  const rollup = useRollup(unit, date);
  const data = rollup.data;
  const dataRef = useRef(data);
  dataRef.current = data;

  useReportEvents({
    onEvent: (type, payload) => {
      const p = payload as { unitId?: string; date?: string } | null;
      const shown = dataRef.current;
      if (type !== 'report.submitted' || !shown || p?.date !== shown.date) return;
      const c = shown.communities.find((x) => x.unit.id === p.unitId);
      if (c && c.version === null) void message.success(t('reports.rollup.arrived', { name: c.unit.name }));
    },
  });

  const update = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(sp);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) next.delete(k);
      else next.set(k, v);
    }
    setSp(next, { replace: true });
  };
  const shownDay = date ?? data?.date;
  const query = new URLSearchParams({ ...(unit ? { unit } : {}), ...(shownDay ? { date: shownDay } : {}) });

  let content: ReactNode;
  if (rollup.isError && !data)
    content = <LoadError error={rollup.error} onRetry={() => void rollup.refetch()} />;
  else if (!data || (date && data.date !== date)) content = <Loading minHeight={320} />;
  else if (data.communities.length === 0)
    content = (
      <Card>
        <EmptyState description={t('reports.rollup.empty')} />
      </Card>
    );
  else content = <RollupBody data={data} />;

  const size = isMobile ? 'large' : 'middle';
  return (
    <>
      <ReportsNav />
      <div style={{ display: 'grid', gap: isMobile ? 12 : 16, gridTemplateColumns: 'minmax(0, 1fr)' }}>
        <Card styles={{ body: { padding: isMobile ? 12 : 20, display: 'grid', gap: 12 } }}>
          <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 12 }}>
            <Typography.Title level={isMobile ? 4 : 3} style={{ margin: 0 }}>
              {data ? `${data.unit.name} · ` : ''}
              {t('reports.rollup.title')}
            </Typography.Title>
            <Tag color="green" variant="filled" style={{ marginInlineEnd: 0 }} data-testid="rollup-live">
              ● {t('reports.rollup.live')}
            </Tag>
            {!isMobile && <div style={{ flex: 1 }} />}
            <DayBar
              testId="rollup-day"
              day={shownDay}
              max={data ? runningDay(data) : undefined}
              onChange={(d) => update({ date: d })}
              backLabel={date ? t('reports.day.latest') : undefined}
            />
          </div>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
            <Button
              size={size}
              icon={<FileExcelOutlined />}
              href={data ? rollupXlsxUrl(unit, data.date) : undefined}
              disabled={!data}
              data-testid="rollup-export"
            >
              {t('reports.rollup.export')}
            </Button>
            <Button
              size={size}
              icon={<PrinterOutlined />}
              href={`/print/rollup?${query}`}
              target="_blank"
              rel="noopener"
              disabled={!data}
              data-testid="rollup-print"
            >
              {t('reports.rollup.print')}
            </Button>
            {hasPermission(me, 'reports.submit') && me.unitType === 'subdistrict' && (
              <ReportSettingsButton size={size} />
            )}
          </div>
        </Card>
        {content}
      </div>
    </>
  );
}

function RollupBody({ data }: { data: RollupDto }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  return (
    <>
      <Counts data={data} />
      <Reminder data={data} />
      <Card
        title={t('reports.rollup.col.community')}
        styles={{ body: { padding: isMobile ? 12 : 0 } }}
        data-testid="rollup-communities"
      >
        {isMobile ? <CommunityCards data={data} /> : <CommunityTable data={data} />}
      </Card>
      <Card
        title={`${data.unit.name} · ${t('reports.rollup.total')}`}
        styles={{ body: { padding: isMobile ? 12 : 20 } }}
        data-testid="rollup-total"
      >
        <ReportFigures figures={data.total} />
      </Card>
      <NotableCard data={data} />
    </>
  );
}

function Counts({ data }: { data: RollupDto }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const isMobile = useIsMobile();
  const c = data.counts;
  const done = c.submitted + c.late;
  const percent = c.communities === 0 ? 0 : Math.round((done / c.communities) * 100);
  return (
    <Card
      styles={{ body: { padding: isMobile ? 12 : 20, display: 'grid', gap: 12 } }}
      data-testid="rollup-counts"
    >
      <div
        style={{
          display: 'grid',
          gap: 8,
          gridTemplateColumns: `repeat(auto-fill, minmax(${isMobile ? 100 : 140}px, 1fr))`,
        }}
      >
        <FigureTile
          testId="count-communities"
          label={t('reports.rollup.counts.communities')}
          value={formatNumber(c.communities)}
        />
        <FigureTile
          testId="count-submitted"
          label={t('reports.rollup.counts.submitted')}
          value={formatNumber(c.submitted)}
          tone={c.submitted > 0 ? 'success' : undefined}
        />
        <FigureTile
          testId="count-late"
          label={t('reports.rollup.counts.late')}
          value={formatNumber(c.late)}
          tone={c.late > 0 ? 'warning' : undefined}
        />
        <FigureTile
          testId="count-missing"
          label={t('reports.rollup.counts.missing')}
          value={formatNumber(c.missing)}
          tone={c.missing > 0 ? 'danger' : undefined}
        />
        <FigureTile
          testId="count-due"
          label={t('reports.rollup.counts.due')}
          value={formatNumber(c.due)}
          tone={c.due > 0 ? 'primary' : undefined}
        />
        {c.open > 0 && (
          <FigureTile
            testId="count-open"
            label={t('reports.rollup.counts.open')}
            value={formatNumber(c.open)}
          />
        )}
        <FigureTile
          testId="count-zero"
          label={t('reports.rollup.counts.zeroReports')}
          value={formatNumber(c.zeroReports)}
        />
      </div>
      <div style={{ display: 'flex', alignItems: 'center', gap: 12 }}>
        <Progress
          percent={percent}
          showInfo={false}
          strokeColor={data.complete ? token.colorSuccess : token.colorPrimary}
          style={{ margin: 0, flex: 1 }}
          aria-label={t('reports.rollup.progress', { done, total: c.communities })}
        />
        <Typography.Text strong data-testid="rollup-progress" style={{ whiteSpace: 'nowrap' }}>
          {data.complete
            ? t('reports.rollup.complete')
            : t('reports.rollup.progress', { done, total: c.communities })}
        </Typography.Text>
      </div>
    </Card>
  );
}

/** Communities still owing the day's report, and a notice to paste into the work group. */
function Reminder({ data }: { data: RollupDto }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const fmt = useDayFormat();
  const at = useInstantFormat();
  const owing = data.communities.filter((c) => UNSUBMITTED.has(c.status));
  if (owing.length === 0) return null;
  const text = t('reports.rollup.remindText', {
    names: owing.map((c) => c.unit.name).join('、'),
    date: fmt.long(data.date),
    deadline: at(data.period.deadline),
  });
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      void message.success(t('reports.rollup.remindCopied'));
    } catch {
      void message.warning(t('reports.rollup.remindCopyFailed'));
    }
  };
  const missing = owing.some((c) => c.status === 'missing');
  return (
    <Alert
      type={missing ? 'error' : 'warning'}
      showIcon
      data-testid="rollup-reminder"
      title={t('reports.rollup.remindTitle', { count: owing.length })}
      description={
        <div style={{ display: 'grid', gap: 8 }}>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6 }}>
            {owing.map((c) => (
              <span key={c.unit.id} style={{ display: 'inline-flex', gap: 4, alignItems: 'center' }}>
                {c.unit.name}
                <ReportStatusTag status={c.status} />
              </span>
            ))}
          </div>
          <Typography.Text
            type="secondary"
            style={{ userSelect: 'all', overflowWrap: 'anywhere' }}
            data-testid="remind-text"
          >
            {text}
          </Typography.Text>
          <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8 }}>
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {t('reports.rollup.remindHint')}
            </Typography.Text>
            <Button icon={<CopyOutlined />} onClick={() => void copy()} data-testid="remind-copy">
              {t('reports.rollup.remindCopy')}
            </Button>
          </div>
        </div>
      }
    />
  );
}

function NotableCard({ data }: { data: RollupDto }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const isMobile = useIsMobile();
  const rows = data.communities.filter((c) => c.notableEvents || c.needs);
  return (
    <Card
      title={t('reports.rollup.notable')}
      styles={{ body: { padding: isMobile ? 12 : 20 } }}
      data-testid="rollup-notable"
    >
      {rows.length === 0 ? (
        <Typography.Text type="secondary">{t('reports.rollup.notableEmpty')}</Typography.Text>
      ) : (
        <div style={{ display: 'grid', gap: 12 }}>
          {rows.map((c) => (
            <div
              key={c.unit.id}
              style={{
                display: 'grid',
                gap: 4,
                paddingBottom: 12,
                borderBottom: `1px solid ${token.colorBorderSecondary}`,
              }}
            >
              <Typography.Text strong>{c.unit.name}</Typography.Text>
              {c.notableEvents && (
                <div style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  <Typography.Text type="secondary">
                    {t('reports.daily.text.notableEvents')}
                    {t('common.colon')}
                  </Typography.Text>
                  {c.notableEvents}
                </div>
              )}
              {c.needs && (
                <div style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  <Typography.Text type="secondary">
                    {t('reports.daily.text.needs')}
                    {t('common.colon')}
                  </Typography.Text>
                  {c.needs}
                </div>
              )}
            </div>
          ))}
        </div>
      )}
    </Card>
  );
}
