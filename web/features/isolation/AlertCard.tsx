import { ClockCircleOutlined, EnvironmentOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Tag, Typography, theme } from 'antd';
import type { TFunction } from 'i18next';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type AlertDto, FEVER_THRESHOLD } from '../../../domain/isolation';
import { type ColumnT, formatDateTime } from '../../components/format';
import { useIsMobile } from '../../components/use-is-mobile';
import { alertReading } from './alerts.api';

/** `2 小时 5 分` since an instant: how long an alert has waited. */
export function openFor(t: TFunction, since: string, now: number): string {
  const minutes = Math.max(0, Math.floor((now - new Date(since).getTime()) / 60_000));
  if (minutes < 1) return t('alerts.duration.justNow');
  if (minutes < 60) return t('alerts.duration.minutes', { m: String(minutes) });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t('alerts.duration.hours', { h: String(hours), m: String(minutes % 60) });
  return t('alerts.duration.days', { d: String(Math.floor(hours / 24)), h: String(hours % 24) });
}

/** Who an alert is about: the registered person, a gate's visitor, or nobody known. */
export function alertPerson(t: ColumnT, a: AlertDto): string {
  return a.personName ?? (alertReading(a).visitor || t('alerts.unknownPerson'));
}

/** Where: the address, and for a gate the checkpoint and the direction. */
export function alertPlace(t: ColumnT, a: AlertDto): string {
  const r = alertReading(a);
  const gate = r.checkpoint
    ? `${r.checkpoint}${r.direction ? ` · ${t(`alerts.direction.${r.direction}`)}` : ''}`
    : '';
  return [a.address, gate].filter(Boolean).join(' · ') || '—';
}

/** Where an alert came from, as a page to open: the isolation order of a check. */
export function alertLink(a: AlertDto): string | null {
  return a.sourceType === 'isolation' && a.sourceId ? `/isolation/orders/${a.sourceId}` : null;
}

export function AlertKindTag({ kind }: { kind: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={kind === 'fever' ? 'red' : 'orange'} style={{ marginInlineEnd: 0 }} data-testid="alert-kind">
      {t(`alerts.kind.${kind}`, { defaultValue: kind })}
    </Tag>
  );
}

/** The temperature (red from 37.3 °C) and the symptoms of an alert. */
export function AlertReading({ alert, large }: { alert: AlertDto; large?: boolean }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const r = alertReading(alert);
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'baseline', gap: '4px 8px', marginTop: 4 }}>
      {r.temperature !== null && (
        <span
          data-testid="alert-temperature"
          style={{
            fontSize: large ? 24 : 16,
            fontWeight: 700,
            fontVariantNumeric: 'tabular-nums',
            color: r.temperature >= FEVER_THRESHOLD ? token.colorError : token.colorText,
          }}
        >
          {r.temperature.toFixed(1)}°C
        </span>
      )}
      {r.symptoms.map((s) => (
        <Tag key={s} color="orange" style={{ marginInlineEnd: 0 }}>
          {t(`alerts.symptom.${s}`, { defaultValue: s })}
        </Tag>
      ))}
    </div>
  );
}

/**
 * One open alert: who, where, the reading, when and for how long it has waited, and the way to handle
 * it. A freshly arrived one is marked (an outline, a "new" tag and its announcement), not only tinted.
 */
export function OpenAlertCard({
  alert,
  fresh,
  now,
  canHandle,
  onHandle,
}: {
  alert: AlertDto;
  fresh: boolean;
  now: number;
  canHandle: boolean;
  onHandle: () => void;
}) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const isMobile = useIsMobile();
  const link = alertLink(alert);
  const style: CSSProperties = {
    display: 'grid',
    gridTemplateColumns: isMobile ? 'minmax(0, 1fr)' : 'minmax(0, 1fr) auto',
    gap: 12,
    alignItems: 'center',
    padding: '12px 14px',
    borderRadius: token.borderRadiusLG,
    border: `${fresh ? 2 : 1}px solid ${fresh ? token.colorError : token.colorErrorBorder}`,
    background: fresh ? token.colorErrorBg : token.colorBgContainer,
    borderInlineStartWidth: 6,
    borderInlineStartColor: token.colorError,
    animation: fresh ? 'sw-alert-in 1.2s ease-out 2' : undefined,
  };
  return (
    <li
      style={style}
      data-testid="alert-row"
      data-alert={alert.id}
      data-status={alert.status}
      data-fresh={fresh ? 'true' : 'false'}
    >
      <div style={{ minWidth: 0, display: 'grid', gap: 2 }}>
        <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 6 }}>
          {fresh && (
            <Tag color="red" style={{ marginInlineEnd: 0, fontWeight: 700 }} data-testid="alert-new">
              {t('alerts.open.new')}
            </Tag>
          )}
          <AlertKindTag kind={alert.kind} />
          <Typography.Text strong style={{ fontSize: 17 }} data-testid="alert-person">
            {alertPerson(t as ColumnT, alert)}
          </Typography.Text>
          <Tag style={{ marginInlineEnd: 0 }}>
            {t(`alerts.source.${alert.sourceType}`, { defaultValue: alert.sourceType })}
          </Tag>
        </div>
        <span style={{ color: token.colorTextSecondary, overflowWrap: 'anywhere' }}>
          <EnvironmentOutlined /> {alertPlace(t as ColumnT, alert)}
        </span>
        <AlertReading alert={alert} large />
        <span
          style={{
            color: token.colorTextSecondary,
            fontSize: 13,
            display: 'flex',
            flexWrap: 'wrap',
            gap: '0 8px',
          }}
        >
          <span>
            <ClockCircleOutlined /> {formatDateTime(alert.createdAt)}
          </span>
          <span data-testid="alert-open-for" style={{ color: token.colorErrorText, fontWeight: 600 }}>
            {t('alerts.open.waiting', { duration: openFor(t, alert.createdAt, now) })}
          </span>
        </span>
      </div>
      <div
        style={
          isMobile
            ? { display: 'flex', gap: 12, alignItems: 'center', justifyContent: 'space-between' }
            : { display: 'grid', gap: 8, justifyItems: 'end' }
        }
      >
        {canHandle && (
          <Button
            type="primary"
            danger
            size="large"
            onClick={onHandle}
            data-testid="alert-handle"
            style={isMobile ? { flex: 1, maxWidth: 200 } : undefined}
          >
            {t('alerts.handle.button')}
          </Button>
        )}
        {link && (
          <Link to={link} style={{ whiteSpace: 'nowrap' }} data-testid="alert-order">
            {t('alerts.viewOrder')} <RightOutlined />
          </Link>
        )}
      </div>
    </li>
  );
}

/** A handled alert, for the record: the reading, and who did what when. */
export function HandledAlertItem({ alert }: { alert: AlertDto }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const link = alertLink(alert);
  return (
    <li
      data-testid="alert-row"
      data-alert={alert.id}
      data-status={alert.status}
      style={{
        display: 'grid',
        gap: 2,
        padding: '10px 0',
        borderBottom: `1px solid ${token.colorBorderSecondary}`,
      }}
    >
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 6 }}>
        <AlertKindTag kind={alert.kind} />
        <Typography.Text strong>{alertPerson(t as ColumnT, alert)}</Typography.Text>
        {alert.outcome && (
          <Tag color="green" style={{ marginInlineEnd: 0 }} data-testid="alert-outcome-tag">
            {t(`alerts.outcome.${alert.outcome}`, { defaultValue: alert.outcome })}
          </Tag>
        )}
        {link && (
          <Link to={link} style={{ marginInlineStart: 'auto' }}>
            {t('alerts.viewOrder')}
          </Link>
        )}
      </div>
      <span style={{ color: token.colorTextSecondary, fontSize: 13, overflowWrap: 'anywhere' }}>
        {alertPlace(t as ColumnT, alert)}
      </span>
      <AlertReading alert={alert} />
      {alert.note && <span style={{ overflowWrap: 'anywhere' }}>{alert.note}</span>}
      <span style={{ color: token.colorTextSecondary, fontSize: 13 }}>
        {t('alerts.handled.line', {
          raised: formatDateTime(alert.createdAt),
          by: alert.handledBy ?? '—',
          at: formatDateTime(alert.handledAt),
        })}
      </span>
    </li>
  );
}
