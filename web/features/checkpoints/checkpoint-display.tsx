import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  CarOutlined,
  SafetyCertificateOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Tag, Tooltip, theme } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type {
  CheckpointDto,
  Decision,
  DenyReason,
  Direction,
  GateRules,
  Lane,
  OpeningWindow,
  PassKind,
  PassState,
} from '../../../domain/checkpoints';
import type { CompoundStatus } from '../../../domain/units';
import { currentLanguage } from '../../app/i18n';
import { STATUS_COLORS } from '../units/unit-display';

/**
 * Pieces every checkpoint page shows the same way: a compound's status with what it means at the
 * gate, lanes, opening hours, the outing quota, pass kinds and states, directions and verdicts.
 */

const tagStyle = { marginInlineEnd: 0 } as const;

/** The compound's status as a tag (a road checkpoint follows no compound). */
export function GateStatusTag({ status }: { status: CompoundStatus | null | undefined }) {
  const { t } = useTranslation();
  if (!status) return <Tag style={tagStyle}>{t('checkpoints.status.road')}</Tag>;
  return (
    <Tag color={STATUS_COLORS[status]} style={tagStyle} data-testid="gate-status">
      {t(`unitStatus.${status}`)}
    </Tag>
  );
}

/** What the gate does under the compound's current status, in one plain sentence. */
export function statusMeaning(t: TFunction, c: Pick<CheckpointDto, 'compound' | 'kind'>): string {
  if (!c.compound) return t('checkpoints.status.roadRule');
  return t(`checkpoints.status.rule.${c.compound.status ?? 'open'}`);
}

export function KindTag({ kind }: { kind: CheckpointDto['kind'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={kind === 'road' ? 'geekblue' : 'purple'} style={tagStyle}>
      {t(`checkpoints.kind.${kind}`)}
    </Tag>
  );
}

export function LaneTag({ lane }: { lane: Lane }) {
  const { t } = useTranslation();
  const icon =
    lane.kind === 'vehicle' ? (
      <CarOutlined />
    ) : lane.kind === 'mixed' ? (
      <span aria-hidden style={{ display: 'inline-flex', gap: 2 }}>
        <UserOutlined />
        <CarOutlined />
      </span>
    ) : (
      <UserOutlined />
    );
  return (
    <Tooltip
      title={`${t(`checkpoints.laneKind.${lane.kind}`)} · ${t(`checkpoints.laneDirection.${lane.direction}`)}`}
    >
      <Tag icon={icon} style={tagStyle}>
        {lane.name}
        {lane.direction !== 'both' && ` · ${t(`checkpoints.laneDirection.${lane.direction}`)}`}
      </Tag>
    </Tooltip>
  );
}

export function hoursText(t: TFunction, windows: readonly OpeningWindow[]): string {
  if (windows.length === 0) return t('checkpoints.hours.allDay');
  return windows.map((w) => `${w.from}–${w.to}`).join(t('checkpoints.listSeparator'));
}

export function quotaText(t: TFunction, rules: GateRules): string {
  if (!rules.quota) return t('checkpoints.rules.noQuota');
  return t('checkpoints.rules.quotaShort', {
    per: t(`checkpoints.rules.per.${rules.quota.per}`),
    days: String(rules.quota.days),
    outings: String(rules.quota.outings),
  });
}

const PASS_KIND_COLORS: Record<PassKind, string> = { household: 'blue', person: 'cyan', worker: 'gold' };

export function PassKindTag({ kind }: { kind: PassKind }) {
  const { t } = useTranslation();
  return (
    <Tag color={PASS_KIND_COLORS[kind]} style={tagStyle}>
      {t(`checkpoints.passKind.${kind}`)}
    </Tag>
  );
}

const PASS_STATE_COLORS: Record<PassState, string> = {
  active: 'success',
  not_yet_valid: 'processing',
  expired: 'default',
  revoked: 'error',
};

export function PassStateTag({ state, reason }: { state: PassState; reason?: string | null }) {
  const { t } = useTranslation();
  const tag = (
    <Tag color={PASS_STATE_COLORS[state]} style={tagStyle} data-testid="pass-state" data-state={state}>
      {t(`checkpoints.passState.${state}`)}
    </Tag>
  );
  return reason ? <Tooltip title={reasonText(t, reason)}>{tag}</Tooltip> : tag;
}

/** A revocation reason: `replaced` is written by the server when a pass is renewed. */
export function reasonText(t: TFunction, reason: string): string {
  return reason === 'replaced' ? t('checkpoints.revoke.replaced') : reason;
}

export function ExceptionTag() {
  const { t } = useTranslation();
  return (
    <Tooltip title={t('checkpoints.pass.exceptionHint')}>
      <Tag color="magenta" icon={<SafetyCertificateOutlined />} style={tagStyle}>
        {t('checkpoints.pass.exception')}
      </Tag>
    </Tooltip>
  );
}

export function DirectionTag({ direction }: { direction: Direction }) {
  const { t } = useTranslation();
  return (
    <Tag
      color={direction === 'in' ? 'blue' : 'orange'}
      icon={direction === 'in' ? <ArrowDownOutlined /> : <ArrowUpOutlined />}
      style={tagStyle}
    >
      {t(`checkpoints.direction.${direction}`)}
    </Tag>
  );
}

/** 放行 green, 劝返 red with the reasons in words. */
export function VerdictTag({ decision, reasons }: { decision: Decision; reasons: readonly DenyReason[] }) {
  const { t } = useTranslation();
  if (decision === 'allow')
    return (
      <Tag color="success" style={tagStyle} data-testid="verdict" data-decision="allow">
        {t('checkpoints.decision.allow')}
      </Tag>
    );
  return (
    <Tag
      color="error"
      style={{ ...tagStyle, whiteSpace: 'normal' }}
      data-testid="verdict"
      data-decision="deny"
    >
      {t('checkpoints.decision.deny')}
      {reasons.length > 0 &&
        `${t('common.colon')}${reasons.map((r) => t(`checkpoints.reason.${r}`)).join(t('checkpoints.listSeparator'))}`}
    </Tag>
  );
}

/** A temperature, red and bold when it is a fever. */
export function Temperature({ value, fever }: { value: number | null; fever: boolean }) {
  const { token } = theme.useToken();
  if (value === null) return <span style={{ color: token.colorTextQuaternary }}>—</span>;
  return (
    <span
      style={{
        color: fever ? token.colorError : undefined,
        fontWeight: fever ? 700 : undefined,
        fontVariantNumeric: 'tabular-nums',
      }}
      data-fever={fever ? '1' : '0'}
    >
      {value.toFixed(1)}℃
    </span>
  );
}

/** `14:03`: the time of day of an instant in the viewer's time zone. */
export function timeOfDay(iso: string): string {
  return new Intl.DateTimeFormat(currentLanguage(), {
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(iso));
}

/** The local calendar day of an instant, `YYYY-MM-DD`. */
export function dayOf(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
