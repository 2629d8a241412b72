import {
  CarOutlined,
  CheckCircleFilled,
  CloseOutlined,
  MinusOutlined,
  PlusOutlined,
} from '@ant-design/icons';
import { Input, Popover } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { normalizePlate } from '../../../domain/checkpoints';
import { GATE_COLORS } from './gate-display';

/** Province abbreviations in the order of the plate keyboards people know. */
export const PROVINCES = [
  ...'京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼',
] as readonly string[];

export interface VehicleValue {
  province: string;
  rest: string;
  occupants: number;
}

/** The plate as typed, or null while it is not a Chinese plate. */
export function plateOf(v: VehicleValue): string | null {
  return normalizePlate(`${v.province}${v.rest}`);
}

/**
 * Vehicle mode: the plate (province picked from a grid, the rest typed, checked as it is typed) and
 * how many people are in the car. The next entry logged carries them.
 */
export function VehiclePanel({
  value,
  onChange,
  onClose,
}: {
  value: VehicleValue;
  onChange: (v: VehicleValue) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [pickOpen, setPickOpen] = useState(false);
  const plate = plateOf(value);
  const typed = value.rest.trim().length > 0;
  const setOccupants = (n: number) => onChange({ ...value, occupants: Math.min(60, Math.max(1, n)) });

  return (
    <section
      aria-label={t('gate.vehicle.title')}
      data-testid="gate-vehicle"
      style={{
        background: '#fff',
        border: '2px solid #1e5bb8',
        borderRadius: 12,
        padding: 12,
        display: 'grid',
        gap: 10,
      }}
    >
      <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
        <CarOutlined style={{ fontSize: 20, color: '#1e5bb8' }} />
        <strong style={{ fontSize: 16, flex: 1 }}>{t('gate.vehicle.title')}</strong>
        <button
          type="button"
          onClick={onClose}
          aria-label={t('gate.vehicle.off')}
          style={{
            border: 'none',
            background: 'transparent',
            fontSize: 18,
            width: 44,
            height: 44,
            cursor: 'pointer',
          }}
        >
          <CloseOutlined />
        </button>
      </div>
      <div style={{ display: 'flex', gap: 8 }}>
        <Popover
          open={pickOpen}
          onOpenChange={setPickOpen}
          trigger="click"
          placement="bottomLeft"
          content={
            <div style={{ display: 'grid', gridTemplateColumns: 'repeat(8, 40px)', gap: 6 }}>
              {PROVINCES.map((p) => (
                <button
                  key={p}
                  type="button"
                  onClick={() => {
                    onChange({ ...value, province: p });
                    setPickOpen(false);
                  }}
                  style={{
                    height: 44,
                    fontSize: 18,
                    borderRadius: 8,
                    border: `1px solid ${p === value.province ? '#1e5bb8' : '#cfd6e2'}`,
                    background: p === value.province ? '#e8f0fd' : '#fff',
                    cursor: 'pointer',
                    padding: 0,
                  }}
                >
                  {p}
                </button>
              ))}
            </div>
          }
        >
          <button
            type="button"
            aria-label={t('gate.vehicle.province')}
            data-testid="gate-plate-province"
            style={{
              width: 60,
              height: 52,
              fontSize: 22,
              fontWeight: 700,
              borderRadius: 8,
              border: '1px solid #cfd6e2',
              background: '#f3f6fb',
              cursor: 'pointer',
            }}
          >
            {value.province}
          </button>
        </Popover>
        <Input
          size="large"
          value={value.rest}
          onChange={(e) => onChange({ ...value, rest: e.target.value.toUpperCase() })}
          maxLength={9}
          placeholder="A12345"
          autoComplete="off"
          autoCapitalize="characters"
          data-testid="gate-plate"
          status={typed && !plate ? 'error' : undefined}
          style={{ height: 52, fontSize: 22, letterSpacing: 2, fontWeight: 600 }}
          suffix={plate ? <CheckCircleFilled style={{ color: GATE_COLORS.allow, fontSize: 20 }} /> : null}
        />
      </div>
      {typed && !plate && (
        <div role="alert" style={{ color: GATE_COLORS.deny, fontSize: 14 }}>
          {t('gate.vehicle.badPlate')}
        </div>
      )}
      <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
        <span style={{ flex: 1, fontSize: 16 }}>{t('gate.vehicle.occupants')}</span>
        <button
          type="button"
          style={stepStyle}
          onClick={() => setOccupants(value.occupants - 1)}
          aria-label={t('gate.vehicle.fewer')}
        >
          <MinusOutlined />
        </button>
        <output
          data-testid="gate-occupants"
          style={{ width: 48, textAlign: 'center', fontSize: 26, fontWeight: 700 }}
        >
          {value.occupants}
        </output>
        <button
          type="button"
          style={stepStyle}
          onClick={() => setOccupants(value.occupants + 1)}
          aria-label={t('gate.vehicle.more')}
        >
          <PlusOutlined />
        </button>
      </div>
    </section>
  );
}

const stepStyle: React.CSSProperties = {
  width: 56,
  height: 52,
  borderRadius: 10,
  border: '1px solid #cfd6e2',
  background: '#fff',
  fontSize: 20,
  cursor: 'pointer',
  touchAction: 'manipulation',
};
