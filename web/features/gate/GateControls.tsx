import { useTranslation } from 'react-i18next';
import type { Direction } from '../../../domain/checkpoints';
import { Spinner } from './gate-ui';
import { Icon, type IconName } from './icons';

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
    <fieldset aria-label={t('gate.direction.title')} className="gate-direction">
      {(['in', 'out'] as const).map((d) => (
        <button
          key={d}
          type="button"
          aria-pressed={direction === d}
          data-testid={`gate-direction-${d}`}
          onClick={() => onChange(d)}
          className={`gate-direction__btn gate-direction__btn--${d}`}
        >
          <Icon name={d === 'in' ? 'login' : 'logout'} />
          {t(`gate.direction.${d}Long`)}
        </button>
      ))}
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
      <div data-testid="gate-pending" className="gate-pending">
        <div className="gate-pending__text">
          <strong>{pendingLabel}</strong> {t('gate.pending.hint')}
        </div>
        <div className="gate-pending__actions">
          <button type="button" className="gate-btn gate-btn--xl" onClick={onCancel}>
            {t('gate.cancel')}
          </button>
          <button
            type="button"
            data-testid="gate-pending-log"
            className="gate-btn gate-btn--primary gate-btn--xl gate-btn--strong"
            disabled={saving}
            aria-busy={saving}
            onClick={onLog}
          >
            {saving && <Spinner />}
            {t('gate.pending.log')}
          </button>
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
      className="gate-scan"
    >
      <Icon name="scan" className="gate-scan__icon" />
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
  icon: IconName;
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
      className="gate-action"
    >
      <Icon name={icon} className="gate-action__icon" />
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
    <div className="gate-actions">
      <BigAction
        name="lookup"
        icon="idcard"
        label={t('gate.action.lookup')}
        ready={ready}
        onClick={() => onOpen('lookup')}
      />
      <BigAction
        name="visitor"
        icon="userAdd"
        label={t('gate.action.visitor')}
        ready={ready}
        onClick={() => onOpen('visitor')}
      />
      <BigAction
        name="courier"
        icon="parcel"
        label={t('gate.action.courier')}
        ready={ready}
        onClick={() => onOpen('courier')}
      />
      <BigAction
        name="vehicle"
        icon="car"
        label={t('gate.action.vehicle')}
        active={vehicleOn}
        ready={ready}
        onClick={onVehicle}
      />
    </div>
  );
}
