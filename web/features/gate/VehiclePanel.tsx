import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { normalizePlate } from '../../../domain/checkpoints';
import { Icon } from './icons';

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
  const bad = typed && !plate;
  const setOccupants = (n: number) => onChange({ ...value, occupants: Math.min(60, Math.max(1, n)) });

  return (
    <section
      aria-label={t('gate.vehicle.title')}
      data-testid="gate-vehicle"
      className="gate-panel gate-vehicle"
    >
      <div className="gate-vehicle__head">
        <Icon name="car" className="gate-vehicle__car" />
        <strong className="gate-vehicle__title">{t('gate.vehicle.title')}</strong>
        <button type="button" onClick={onClose} aria-label={t('gate.vehicle.off')} className="gate-icon-btn">
          <Icon name="close" />
        </button>
      </div>
      <div className="gate-plate">
        <button
          type="button"
          aria-label={t('gate.vehicle.province')}
          aria-expanded={pickOpen}
          data-testid="gate-plate-province"
          className="gate-plate__province"
          onClick={() => setPickOpen((o) => !o)}
        >
          {value.province}
        </button>
        <span
          className={bad ? 'gate-field gate-field--plate gate-field--bad' : 'gate-field gate-field--plate'}
        >
          <input
            className="gate-input"
            value={value.rest}
            onChange={(e) => onChange({ ...value, rest: e.target.value.toUpperCase() })}
            maxLength={9}
            placeholder="A12345"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            aria-label={t('gate.vehicle.title')}
            aria-invalid={bad}
            data-testid="gate-plate"
          />
          {plate && <Icon name="check" className="gate-plate__ok" />}
        </span>
      </div>
      {pickOpen && (
        <fieldset className="gate-provinces" aria-label={t('gate.vehicle.province')}>
          {PROVINCES.map((p) => (
            <button
              key={p}
              type="button"
              aria-pressed={p === value.province}
              className="gate-provinces__key"
              onClick={() => {
                onChange({ ...value, province: p });
                setPickOpen(false);
              }}
            >
              {p}
            </button>
          ))}
        </fieldset>
      )}
      {bad && (
        <div role="alert" className="gate-error-text">
          {t('gate.vehicle.badPlate')}
        </div>
      )}
      <div className="gate-occupants">
        <span className="gate-occupants__label">{t('gate.vehicle.occupants')}</span>
        <button
          type="button"
          className="gate-step"
          onClick={() => setOccupants(value.occupants - 1)}
          aria-label={t('gate.vehicle.fewer')}
        >
          <Icon name="minus" />
        </button>
        <output data-testid="gate-occupants" className="gate-occupants__value">
          {value.occupants}
        </output>
        <button
          type="button"
          className="gate-step"
          onClick={() => setOccupants(value.occupants + 1)}
          aria-label={t('gate.vehicle.more')}
        >
          <Icon name="plus" />
        </button>
      </div>
    </section>
  );
}
