import {
  CalendarOutlined,
  CheckCircleOutlined,
  ClockCircleOutlined,
  ExclamationCircleOutlined,
  LeftOutlined,
  RightOutlined,
  SyncOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { Button, DatePicker, Tag, theme } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { addDays } from '../../../domain/isolation';
import { type DashboardCounters, type ReportStatus, reportDayOf } from '../../../domain/reports';
import { formatNumber } from '../../components/format';
import { useIsMobile } from '../../components/use-is-mobile';

/** The figures a roll-up row shows, in the order of the printed sheet. */
export const ROLLUP_COLUMNS = [
  'passages',
  'fevers',
  'underWatch',
  'newIsolations',
  'checksOverdue',
  'alertsRaised',
  'alertsOpen',
] as const satisfies readonly (keyof DashboardCounters)[];

export const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A `?date=` that looks like a day, else undefined (the server's default day). */
export function dayParam(v: string | null): string | undefined {
  return v && DAY.test(v) ? v : undefined;
}

/** The report day running now, by the cut-off of the day shown (cut-off changes are rare). */
export function runningDay(report: { timeZone: string; period: { cutoffHour: number } }): string {
  return reportDayOf(
    report.timeZone,
    [{ from: '2000-01-01', cutoffHour: report.period.cutoffHour, graceMinutes: 0 }],
    new Date(),
  );
}

/** Colour and icon per status; the tag always carries the word too, never the colour alone. */
const STATUS_LOOK: Record<ReportStatus, { color: string; icon: ReactNode }> = {
  open: { color: 'default', icon: <SyncOutlined /> },
  due: { color: 'processing', icon: <ClockCircleOutlined /> },
  submitted: { color: 'success', icon: <CheckCircleOutlined /> },
  late: { color: 'warning', icon: <ExclamationCircleOutlined /> },
  missing: { color: 'error', icon: <WarningOutlined /> },
};

export function ReportStatusTag({ status, large }: { status: ReportStatus; large?: boolean }) {
  const { t } = useTranslation();
  const look = STATUS_LOOK[status];
  return (
    <Tag
      color={look.color}
      icon={look.icon}
      data-testid="report-status"
      data-status={status}
      style={{
        marginInlineEnd: 0,
        ...(large ? { fontSize: 14, padding: '2px 10px', lineHeight: '22px' } : {}),
      }}
    >
      {t(`reports.status.${status}`)}
    </Tag>
  );
}

/** A report day as people say it: 3月5日 星期四. */
export function useDayFormat() {
  const { t } = useTranslation();
  return {
    long: (day: string) => dayjs(day).format(t('reports.day.dateFormat')),
    short: (day: string) => dayjs(day).format(t('reports.day.shortFormat')),
    full: (day: string) => dayjs(day).format(t('reports.day.fullFormat')),
  };
}

/** An instant as local hours and minutes, with the day when it is not `day`: "09:00" or "3月6日 09:00". */
export function useInstantFormat() {
  const { t } = useTranslation();
  return (iso: string, sameDayAs?: string) => {
    const d = dayjs(iso);
    if (!d.isValid()) return iso;
    const hm = d.format('HH:mm');
    return sameDayAs && d.format('YYYY-MM-DD') === sameDayAs
      ? hm
      : `${d.format(t('reports.day.shortFormat'))} ${hm}`;
  };
}

/** Coverage 0–1 as a whole per mille: 0.1256 → "12.5%". */
export function formatCoverage(ratio: number): string {
  return `${Math.floor(ratio * 1000) / 10}%`;
}

export { formatNumber };

/**
 * Previous / a date picker / next, for report days. `max` is the last day that may be opened (the day
 * running now); `latest` is where "back" returns (undefined: the server's default).
 */
export function DayBar({
  day,
  max,
  onChange,
  backLabel,
  testId,
}: {
  day: string | undefined;
  max: string | undefined;
  onChange: (day: string | undefined) => void;
  backLabel?: string;
  testId: string;
}) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const fmt = useDayFormat();
  const size = isMobile ? 'large' : 'middle';
  const label = day ? fmt.long(day) : t('common.loading');
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' }} data-testid={testId}>
      <Button
        size={size}
        icon={<LeftOutlined />}
        aria-label={t('reports.day.previous')}
        disabled={!day}
        onClick={() => day && onChange(addDays(day, -1))}
        data-testid={`${testId}-prev`}
      />
      <DatePicker
        size={size}
        value={day ? dayjs(day) : null}
        allowClear={false}
        inputReadOnly={isMobile}
        format={() => label}
        disabledDate={(d) => !!max && d.format('YYYY-MM-DD') > max}
        onChange={(d) => d && onChange(d.format('YYYY-MM-DD'))}
        suffixIcon={<CalendarOutlined />}
        style={{ width: isMobile ? 168 : 188 }}
        data-testid={`${testId}-picker`}
      />
      <Button
        size={size}
        icon={<RightOutlined />}
        aria-label={t('reports.day.next')}
        disabled={!day || !max || day >= max}
        onClick={() => day && onChange(addDays(day, 1))}
        data-testid={`${testId}-next`}
      />
      {backLabel && (
        <Button size={size} type="link" onClick={() => onChange(undefined)} style={{ paddingInline: 4 }}>
          {backLabel}
        </Button>
      )}
    </div>
  );
}

/** One figure: a label above a big tabular number; `tone` colours the number, the label says what it is. */
export function FigureTile({
  label,
  value,
  sub,
  tone,
  badge,
  testId,
  size = 'middle',
}: {
  label: ReactNode;
  value: ReactNode;
  sub?: ReactNode;
  tone?: 'danger' | 'warning' | 'success' | 'primary';
  badge?: ReactNode;
  testId?: string;
  size?: 'middle' | 'large';
}) {
  const { token } = theme.useToken();
  const color =
    tone === 'danger'
      ? token.colorErrorText
      : tone === 'warning'
        ? token.colorWarningText
        : tone === 'success'
          ? token.colorSuccessText
          : tone === 'primary'
            ? token.colorPrimary
            : token.colorText;
  return (
    <div
      data-testid={testId}
      style={{
        border: `1px solid ${tone === 'danger' ? token.colorErrorBorder : token.colorBorderSecondary}`,
        background: tone === 'danger' ? token.colorErrorBg : token.colorBgContainer,
        borderRadius: token.borderRadiusLG,
        padding: size === 'large' ? '12px 16px' : '8px 12px',
        display: 'grid',
        gap: 2,
        minWidth: 0,
      }}
    >
      <span
        style={{
          color: token.colorTextSecondary,
          fontSize: size === 'large' ? 14 : 13,
          overflow: 'hidden',
          textOverflow: 'ellipsis',
          whiteSpace: 'nowrap',
        }}
      >
        {label}
      </span>
      <span style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 4 }}>
        <span
          data-testid="value"
          style={{
            fontSize: size === 'large' ? 30 : 22,
            lineHeight: 1.2,
            fontWeight: 600,
            color,
            fontVariantNumeric: 'tabular-nums',
          }}
        >
          {value}
        </span>
        {badge}
      </span>
      {sub && <span style={{ color: token.colorTextSecondary, fontSize: 12 }}>{sub}</span>}
    </div>
  );
}

export function ZeroTag() {
  const { t } = useTranslation();
  return (
    <Tag color="cyan" style={{ marginInlineEnd: 0 }} data-testid="zero-tag">
      {t('reports.daily.zero')}
    </Tag>
  );
}
