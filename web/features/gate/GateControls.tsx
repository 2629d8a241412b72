import {
  CarOutlined,
  IdcardOutlined,
  LoginOutlined,
  LogoutOutlined,
  ScanOutlined,
  ShoppingOutlined,
  UserAddOutlined,
} from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Direction } from '../../../domain/checkpoints';
import { GATE_COLORS } from './gate-display';

export type SheetKey = 'lookup' | 'visitor' | 'courier';

/** 进入 / 外出: two big halves, the chosen one filled. */
export function DirectionToggle({
  direction,
  onChange,
}: {
  direction: Direction;
  onChange: (d: Direction) => void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset
      aria-label={t('gate.direction.title')}
      style={{
        border: 0,
        margin: 0,
        padding: 0,
        display: 'grid',
        gridTemplateColumns: '1fr 1fr',
        gap: 8,
      }}
    >
      {(['in', 'out'] as const).map((d) => {
        const on = direction === d;
        const color = d === 'in' ? '#1e5bb8' : '#6d28d9';
        return (
          <button
            key={d}
            type="button"
            aria-pressed={on}
            data-testid={`gate-direction-${d}`}
            onClick={() => onChange(d)}
            style={{
              height: 56,
              borderRadius: 12,
              fontSize: 22,
              fontWeight: 700,
              border: `2px solid ${on ? color : '#cfd6e2'}`,
              background: on ? color : '#fff',
              color: on ? '#fff' : GATE_COLORS.muted,
              display: 'flex',
              alignItems: 'center',
              justifyContent: 'center',
              gap: 8,
              cursor: 'pointer',
              touchAction: 'manipulation',
            }}
          >
            {d === 'in' ? <LoginOutlined /> : <LogoutOutlined />}
            {t(`gate.direction.${d}Long`)}
          </button>
        );
      })}
    </fieldset>
  );
}

/**
 * The huge 扫码 button; while someone identified waits for their temperature, a card naming them
 * with a big 登记 button instead.
 */
export function ScanOrPending({
  pendingLabel,
  saving,
  ready,
  onScan,
  onLog,
  onCancel,
}: {
  pendingLabel: string | null;
  saving: boolean;
  ready: boolean;
  onScan: () => void;
  onLog: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  if (pendingLabel !== null) {
    return (
      <div
        data-testid="gate-pending"
        style={{
          background: '#fff',
          border: `2px solid ${GATE_COLORS.waiting}`,
          borderRadius: 12,
          padding: 12,
          display: 'grid',
          gap: 10,
        }}
      >
        <div style={{ fontSize: 16 }}>
          <strong>{pendingLabel}</strong> {t('gate.pending.hint')}
        </div>
        <div style={{ display: 'grid', gridTemplateColumns: '1fr 2fr', gap: 8 }}>
          <Button size="large" style={{ height: 60 }} onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button
            type="primary"
            size="large"
            data-testid="gate-pending-log"
            loading={saving}
            style={{ height: 60, fontSize: 20, fontWeight: 700 }}
            onClick={onLog}
          >
            {t('gate.pending.log')}
          </Button>
        </div>
      </div>
    );
  }
  return (
    <button
      type="button"
      data-testid="gate-scan"
      onClick={onScan}
      disabled={!ready || saving}
      style={{
        height: 80,
        borderRadius: 16,
        border: 'none',
        background: ready ? '#1e5bb8' : '#9db5de',
        color: '#fff',
        fontSize: 28,
        fontWeight: 800,
        letterSpacing: 4,
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        gap: 12,
        cursor: ready ? 'pointer' : 'not-allowed',
        boxShadow: '0 4px 12px rgba(30, 91, 184, 0.35)',
        touchAction: 'manipulation',
      }}
    >
      <ScanOutlined style={{ fontSize: 34 }} />
      {t('gate.scan.button')}
    </button>
  );
}

function BigAction({
  name,
  icon,
  label,
  active,
  ready,
  onClick,
}: {
  name: string;
  icon: React.ReactNode;
  label: string;
  active?: boolean;
  ready: boolean;
  onClick: () => void;
}) {
  return (
    <button
      type="button"
      data-testid={`gate-action-${name}`}
      aria-pressed={active}
      onClick={onClick}
      disabled={!ready}
      style={{
        height: 68,
        borderRadius: 12,
        border: `2px solid ${active ? '#1e5bb8' : '#cfd6e2'}`,
        background: active ? '#e8f0fd' : '#fff',
        color: active ? '#173f86' : GATE_COLORS.ink,
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        justifyContent: 'center',
        gap: 2,
        fontSize: 14,
        fontWeight: 600,
        cursor: ready ? 'pointer' : 'not-allowed',
        opacity: ready ? 1 : 0.5,
        padding: '0 2px',
        lineHeight: 1.2,
        touchAction: 'manipulation',
      }}
    >
      <span style={{ fontSize: 22 }}>{icon}</span>
      <span>{label}</span>
    </button>
  );
}

/** The other ways to identify someone, and the vehicle mode switch. */
export function ActionRow({
  ready,
  vehicleOn,
  onOpen,
  onVehicle,
}: {
  ready: boolean;
  vehicleOn: boolean;
  onOpen: (sheet: SheetKey) => void;
  onVehicle: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(4, 1fr)', gap: 8 }}>
      <BigAction
        name="lookup"
        icon={<IdcardOutlined />}
        label={t('gate.action.lookup')}
        ready={ready}
        onClick={() => onOpen('lookup')}
      />
      <BigAction
        name="visitor"
        icon={<UserAddOutlined />}
        label={t('gate.action.visitor')}
        ready={ready}
        onClick={() => onOpen('visitor')}
      />
      <BigAction
        name="courier"
        icon={<ShoppingOutlined />}
        label={t('gate.action.courier')}
        ready={ready}
        onClick={() => onOpen('courier')}
      />
      <BigAction
        name="vehicle"
        icon={<CarOutlined />}
        label={t('gate.action.vehicle')}
        active={vehicleOn}
        ready={ready}
        onClick={onVehicle}
      />
    </div>
  );
}
