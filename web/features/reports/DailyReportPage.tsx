import { RightOutlined } from '@ant-design/icons';
import { Alert, Card, Segmented, Tag, Typography, theme } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { DailyReportDto, ReportVersionDto } from '../../../domain/reports';
import type { UnitType } from '../../../domain/units';
import { formatDateTime } from '../../components/format';
import { EmptyState, LoadError, Loading } from '../../components/states';
import { useIsMobile } from '../../components/use-is-mobile';
import { useSession } from '../auth/auth.api';
import { UnitTreeSelect } from '../units';
import { ReportFigures } from './ReportFigures';
import { ReportsNav } from './ReportsNav';
import { DraftForm } from './ReportTexts';
import { SubmittedTexts, VersionHistory } from './ReportVersions';
import { DayBar, dayParam, ReportStatusTag, runningDay, useInstantFormat, ZeroTag } from './report-display';
import { useDailyReport, useReportEvents, useRollup } from './reports.api';

const COMMUNITY_TYPES: readonly UnitType[] = ['community', 'village'];

/**
 * 社区日报告: a community's report of one day. The figures are compiled from the records (never typed);
 * the community writes the notable events and its needs, saves a draft, and submits — a zero report
 * (零报告) too, explicitly, with a confirmation. Submitted versions are frozen; a correction is a new
 * version with a reason. Past days through the date bar; all state in the address bar.
 */
export function DailyReportPage() {
  const me = useSession();
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [sp, setSp] = useSearchParams();
  const date = dayParam(sp.get('date'));
  const unitParam = sp.get('unit') || undefined;
  // An account above communities (HQ) picks one first; a community's account sees its own.
  const picksCommunity = me.unitType === 'subdistrict';
  const unit = unitParam ?? (picksCommunity ? undefined : me.unitId);
  const report = useDailyReport(unit, date, !!unit);
  const data = unit ? report.data : undefined;
  useReportEvents();

  const update = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(sp);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) next.delete(k);
      else next.set(k, v);
    }
    setSp(next, { replace: true });
  };
  const shownDay = date ?? data?.date;
  const max = data ? runningDay(data) : undefined;

  let content: ReactNode;
  if (!unit) content = <PickCommunity date={date} onPick={(id) => update({ unit: id, v: undefined })} />;
  else if (report.isError && !data)
    content = <LoadError error={report.error} onRetry={() => void report.refetch()} />;
  else if (!data || (data.unit.id !== unit && unitParam) || (date && data.date !== date))
    content = <Loading minHeight={320} />;
  else
    content = (
      <ReportBody
        key={`${data.unit.id}:${data.date}`}
        report={data}
        version={sp.get('v')}
        onVersion={(v) => update({ v })}
      />
    );

  return (
    <>
      <ReportsNav />
      <div style={{ display: 'grid', gap: isMobile ? 12 : 16, gridTemplateColumns: 'minmax(0, 1fr)' }}>
        <Card styles={{ body: { padding: isMobile ? 12 : 20, display: 'grid', gap: 12 } }}>
          <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 12 }}>
            <Typography.Title
              level={isMobile ? 4 : 3}
              style={{ margin: 0, flex: isMobile ? '1 1 100%' : undefined }}
            >
              {data ? data.unit.name : t('reports.daily.title')}
              {data && (
                <Typography.Text type="secondary" style={{ fontSize: 14, fontWeight: 400, marginLeft: 8 }}>
                  {t('reports.daily.title')}
                </Typography.Text>
              )}
            </Typography.Title>
            {picksCommunity && (
              <div style={{ width: isMobile ? '100%' : 280 }} data-testid="report-scope">
                <UnitTreeSelect
                  value={unit}
                  valueLabel={data?.unit.name}
                  onChange={(id) => id && update({ unit: id, v: undefined })}
                  selectableTypes={COMMUNITY_TYPES}
                  deepestType="village"
                  placeholder={t('reports.daily.scopePlaceholder')}
                />
              </div>
            )}
            {!isMobile && <div style={{ flex: 1 }} />}
            <DayBar
              testId="report-day"
              day={shownDay}
              max={max}
              onChange={(d) => update({ date: d, v: undefined })}
              backLabel={date ? t('reports.day.latest') : undefined}
            />
          </div>
          {data && <PeriodLine report={data} />}
        </Card>
        {content}
      </div>
    </>
  );
}

function PeriodLine({ report }: { report: DailyReportDto }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const at = useInstantFormat();
  const p = report.period;
  const hint = t(`reports.statusHint.${report.status}`, {
    end: at(p.end),
    deadline: at(p.deadline),
  });
  return (
    <div
      style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: '4px 12px', fontSize: 13 }}
      data-testid="report-period"
    >
      <ReportStatusTag status={report.status} large />
      <span style={{ color: token.colorText }}>{hint}</span>
      <span style={{ color: token.colorTextSecondary }}>
        {t('reports.day.period', { start: at(p.start), end: at(p.end) })}
      </span>
    </div>
  );
}

/** Everything below the header for one community and day. */
function ReportBody({
  report,
  version,
  onVersion,
}: {
  report: DailyReportDto;
  version: string | null;
  onVersion: (v: string | undefined) => void;
}) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const latest = report.versions.at(-1);
  // Which figures are shown: a submitted version (the latest by default) or the records now.
  const viewed: ReportVersionDto | undefined =
    version === 'now' ? undefined : (report.versions.find((v) => String(v.version) === version) ?? latest);
  const figures = viewed ? viewed.figures : report.figures;
  const zero = viewed ? viewed.zeroReport : report.zeroReport;

  return (
    <>
      {latest ? <SubmittedBanner report={report} latest={latest} /> : <ZeroBanner report={report} />}
      {/* On a phone the form comes first: the banner above says what is being submitted. */}
      {isMobile && !latest && <DraftForm report={report} />}
      {report.versions.length > 0 && (
        <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8 }}>
          <Typography.Text type="secondary">{t('reports.daily.showVersion')}</Typography.Text>
          <Segmented
            size={isMobile ? 'large' : 'middle'}
            value={viewed ? String(viewed.version) : 'now'}
            onChange={(v) => onVersion(v === String(latest?.version) ? undefined : String(v))}
            options={[
              ...report.versions.map((v) => ({
                value: String(v.version),
                label: t('reports.daily.versionN', { n: v.version }),
              })),
              { value: 'now', label: t('reports.daily.currentData') },
            ]}
            data-testid="report-version-switch"
          />
          {viewed && zero && <ZeroTag />}
        </div>
      )}
      <FiguresCaption report={report} viewed={viewed} />
      <ReportFigures figures={figures} />
      {latest ? (
        <SubmittedTexts report={report} viewed={viewed ?? latest} />
      ) : (
        !isMobile && <DraftForm report={report} />
      )}
      {report.versions.length > 0 && <VersionHistory report={report} onOpen={(v) => onVersion(v)} />}
    </>
  );
}

function FiguresCaption({
  report,
  viewed,
}: {
  report: DailyReportDto;
  viewed: ReportVersionDto | undefined;
}) {
  const { t } = useTranslation();
  return (
    <Typography.Text type="secondary" style={{ fontSize: 13 }} data-testid="figures-caption">
      {viewed
        ? t('reports.daily.figuresOf', { version: viewed.version })
        : t('reports.daily.figuresNow', { time: formatDateTime(report.compiledAt) })}
      {' · '}
      {t('reports.newEventHint')}
    </Typography.Text>
  );
}

/** Before the first submission: is this a zero report, or how many new events are there? */
function ZeroBanner({ report }: { report: DailyReportDto }) {
  const { t } = useTranslation();
  if (report.zeroReport)
    return (
      <Alert
        type="info"
        showIcon
        data-testid="zero-banner"
        data-zero="true"
        title={
          <span>
            <ZeroTag /> {t('reports.daily.zeroBanner')}
          </span>
        }
        description={t('reports.daily.zeroBannerHint')}
      />
    );
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="zero-banner"
      data-zero="false"
      title={t('reports.daily.nonZeroBanner', { count: report.newEvents })}
    />
  );
}

function SubmittedBanner({ report, latest }: { report: DailyReportDto; latest: ReportVersionDto }) {
  const { t } = useTranslation();
  return (
    <div style={{ display: 'grid', gap: 8 }}>
      <Alert
        type={latest.late ? 'warning' : 'success'}
        showIcon
        data-testid="submitted-banner"
        title={
          <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
            {t('reports.daily.submittedLine', {
              version: latest.version,
              name: latest.submittedBy?.displayName ?? t('reports.daily.bySystem'),
              time: formatDateTime(latest.submittedAt),
            })}
            {latest.zeroReport && <ZeroTag />}
            {latest.late && (
              <Tag color="warning" style={{ marginInlineEnd: 0 }}>
                {t('reports.status.late')}
              </Tag>
            )}
          </span>
        }
        description={t('reports.daily.frozen')}
      />
      {report.changedSinceSubmission && (
        <Alert type="warning" showIcon data-testid="changed-since" title={t('reports.daily.changedSince')} />
      )}
    </div>
  );
}

/** For an account above communities: the day's communities with their status, to open one. */
function PickCommunity({ date, onPick }: { date: string | undefined; onPick: (id: string) => void }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const rollup = useRollup(undefined, date);
  let list: ReactNode;
  if (rollup.isError) list = <LoadError error={rollup.error} onRetry={() => void rollup.refetch()} compact />;
  else if (!rollup.data) list = <Loading />;
  else if (rollup.data.communities.length === 0)
    list = <EmptyState description={t('reports.rollup.empty')} />;
  else
    list = (
      <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 8 }}>
        {rollup.data.communities.map((c) => (
          <li key={c.unit.id}>
            <a
              href={`?unit=${c.unit.id}${date ? `&date=${date}` : ''}`}
              onClick={(e) => {
                e.preventDefault();
                onPick(c.unit.id);
              }}
              data-testid="pick-community"
              style={{
                display: 'flex',
                alignItems: 'center',
                gap: 8,
                padding: '12px 14px',
                border: `1px solid ${token.colorBorderSecondary}`,
                borderRadius: token.borderRadiusLG,
                color: token.colorText,
                minHeight: 48,
              }}
            >
              <span style={{ flex: 1, fontWeight: 600, fontSize: 15 }}>{c.unit.name}</span>
              <ReportStatusTag status={c.status} />
              <RightOutlined style={{ color: token.colorTextQuaternary }} />
            </a>
          </li>
        ))}
      </ul>
    );
  return (
    <Card
      title={t('reports.daily.pickCommunity')}
      extra={<Link to={`/reports/rollup${date ? `?date=${date}` : ''}`}>{t('reports.daily.toRollup')}</Link>}
    >
      <Typography.Paragraph type="secondary">{t('reports.daily.pickCommunityHint')}</Typography.Paragraph>
      {list}
    </Card>
  );
}
