import { CheckOutlined } from '@ant-design/icons';
import { Tag, theme } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import {
  FEVER_THRESHOLD,
  type KeyPersonCategory,
  type ShiftState,
  type WorklistRow,
} from '../../../domain/isolation';

/**
 * Small pieces every isolation page shows the same way: category, placement and status tags, and the
 * shift cell of the worklist (red overdue, green with a tick when done, amber due, grey not yet due).
 */

const CATEGORY_COLORS: Record<KeyPersonCategory, string> = {
  risk_area_returnee: 'orange',
  overseas_arrival: 'geekblue',
  close_contact: 'volcano',
  fever_patient: 'red',
  suspected: 'magenta',
  confirmed: 'red',
  recovered: 'green',
};

const tagStyle = { marginInlineEnd: 0 } as const;

export function CategoryTag({ category, short }: { category: KeyPersonCategory; short?: boolean }) {
  const { t } = useTranslation();
  return (
    <Tag color={CATEGORY_COLORS[category]} style={tagStyle} data-testid="category-tag">
      {short ? t(`isolation.categoryShort.${category}`) : t(`isolation.category.${category}`)}
    </Tag>
  );
}

/** 居家 or 集中 (with the site's name when known). */
export function KindTag({ kind, siteName }: { kind: 'home' | 'site'; siteName?: string | null }) {
  const { t } = useTranslation();
  return (
    <Tag color={kind === 'site' ? 'purple' : 'cyan'} style={tagStyle}>
      {kind === 'site' && siteName
        ? `${t('isolation.kind.site')} · ${siteName}`
        : t(`isolation.kind.${kind}`)}
    </Tag>
  );
}

const STATUS_COLORS = { active: 'processing', released: 'success', hospitalised: 'error' } as const;

export function StatusTag({ status }: { status: 'active' | 'released' | 'hospitalised' | null }) {
  const { t } = useTranslation();
  if (!status) return <Tag style={tagStyle}>{t('isolation.status.none')}</Tag>;
  return (
    <Tag color={STATUS_COLORS[status]} style={tagStyle} data-testid="status-tag">
      {t(`isolation.status.${status}`)}
    </Tag>
  );
}

/** 上午/下午 with two checks a day, else "1st check", "2nd check"… */
export function shiftName(t: TFunction, index: number, count: number): string {
  if (count === 2) return index === 0 ? t('isolation.shift.morning') : t('isolation.shift.afternoon');
  return t('isolation.shift.nth', { n: String(index + 1) });
}

export function formatTemperature(value: number): string {
  return `${value.toFixed(1)}°C`;
}

export function isFeverish(value: number | null | undefined): boolean {
  return value !== null && value !== undefined && value >= FEVER_THRESHOLD;
}

/** Colours of the shift states, from the theme so they match antd's red, green and amber. */
export function useShiftColors() {
  const { token } = theme.useToken();
  return {
    overdue: { fg: token.colorError, bg: token.colorErrorBg, border: token.colorErrorBorder },
    done: { fg: token.colorSuccess, bg: token.colorSuccessBg, border: token.colorSuccessBorder },
    due: { fg: token.colorWarningText, bg: token.colorWarningBg, border: token.colorWarningBorder },
    not_yet_due: {
      fg: token.colorTextTertiary,
      bg: token.colorFillQuaternary,
      border: token.colorBorderSecondary,
    },
    none: { fg: token.colorTextQuaternary, bg: 'transparent', border: token.colorBorderSecondary },
  } satisfies Record<ShiftState, { fg: string; bg: string; border: string }>;
}

/**
 * One shift of a worklist row: its name, its state in words (never colour alone) and, when done, a
 * tick and the temperature (red from 37.3 °C).
 */
export function ShiftCell({
  shift,
  index,
  count,
  size = 'large',
  named,
  onClick,
}: {
  shift: WorklistRow['shifts'][number];
  index: number;
  count: number;
  size?: 'large' | 'small';
  /** Show the shift's name in a small cell too (where no column header names it). */
  named?: boolean;
  onClick?: () => void;
}) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const colors = useShiftColors()[shift.state];
  const name = shiftName(t, index, count);
  const fever = isFeverish(shift.temperature);
  const stateText = t(`isolation.shiftState.${shift.state}`);
  const value =
    shift.state === 'done' && shift.temperature !== null ? formatTemperature(shift.temperature) : stateText;
  const label = `${name}${t('common.colon')}${stateText}${
    shift.state === 'done' && shift.temperature !== null ? ` ${formatTemperature(shift.temperature)}` : ''
  }`;
  const large = size === 'large';
  const content = (
    <>
      {(large || named) && (
        <span style={{ fontSize: large ? 12 : 11, color: token.colorTextSecondary, lineHeight: 1.2 }}>
          {name}
        </span>
      )}
      <span
        style={{
          display: 'inline-flex',
          alignItems: 'center',
          gap: 4,
          fontWeight: 600,
          fontSize: large ? 17 : 13,
          lineHeight: 1.3,
          color: fever ? token.colorError : colors.fg,
          whiteSpace: 'nowrap',
        }}
      >
        {shift.state === 'done' && <CheckOutlined data-testid="shift-tick" />}
        {value}
      </span>
    </>
  );
  const style: React.CSSProperties = {
    display: 'flex',
    flexDirection: 'column',
    alignItems: large ? 'flex-start' : 'center',
    justifyContent: 'center',
    gap: 2,
    minHeight: large ? 52 : 32,
    minWidth: large ? 0 : 72,
    padding: large ? '6px 12px' : '4px 8px',
    borderRadius: token.borderRadius,
    border: `1px solid ${fever ? token.colorErrorBorder : colors.border}`,
    background: fever ? token.colorErrorBg : colors.bg,
    width: '100%',
    textAlign: 'start',
    font: 'inherit',
  };
  const data = {
    'data-testid': 'shift-cell',
    'data-shift': index,
    'data-state': shift.state,
    'aria-label': label,
    title: label,
  };
  if (onClick)
    return (
      <button
        type="button"
        {...data}
        onClick={(e) => {
          e.stopPropagation();
          onClick();
        }}
        style={{ ...style, cursor: 'pointer' }}
      >
        {content}
      </button>
    );
  return (
    <div {...data} style={style}>
      {content}
    </div>
  );
}

/** A category's details in one line: `武汉 · 03-01 抵达 · G1234` and the like. */
export function detailsSummary(
  t: TFunction,
  category: KeyPersonCategory,
  details: Record<string, unknown>,
): string {
  const s = (k: string) => (typeof details[k] === 'string' ? (details[k] as string) : '');
  const parts: string[] = [];
  switch (category) {
    case 'risk_area_returnee':
      parts.push(s('origin'), s('arrivedOn') && t('isolation.summary.arrived', { date: s('arrivedOn') }));
      parts.push(s('trainOrFlight'));
      break;
    case 'overseas_arrival':
      parts.push(
        s('origin'),
        s('flight'),
        s('arrivedOn') && t('isolation.summary.arrived', { date: s('arrivedOn') }),
      );
      if (s('pickupBy')) parts.push(t('isolation.summary.pickup', { by: s('pickupBy') }));
      break;
    case 'close_contact':
      parts.push(
        s('lastExposureOn') && t('isolation.summary.exposed', { date: s('lastExposureOn') }),
        s('caseRef') && t('isolation.summary.case', { ref: s('caseRef') }),
      );
      break;
    case 'fever_patient':
      parts.push(s('onsetOn') && t('isolation.summary.onset', { date: s('onsetOn') }), s('clinic'));
      break;
    case 'suspected':
      parts.push(
        s('reportedOn') && t('isolation.summary.reported', { date: s('reportedOn') }),
        s('hospital'),
      );
      break;
    case 'confirmed':
      parts.push(
        s('confirmedOn') && t('isolation.summary.confirmed', { date: s('confirmedOn') }),
        s('hospital'),
      );
      break;
    case 'recovered':
      parts.push(
        s('dischargedOn') && t('isolation.summary.discharged', { date: s('dischargedOn') }),
        s('hospital'),
      );
      break;
  }
  return parts.filter(Boolean).join(' · ');
}
