import { useTranslation } from 'react-i18next';
import {
  formatTemperature,
  pressKey,
  TEMPERATURE_RANGE,
  temperatureInRange,
  typedTemperature,
} from './gate-display';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '.', '0', 'back'] as const;

/**
 * The temperature pad: a big read-out, quick picks of recent values and twelve keys large enough
 * for a gloved thumb. One decimal; the dot comes by itself after two digits.
 */
export function TemperaturePad({
  raw,
  onChange,
  recent,
  threshold,
  attention,
}: {
  raw: string;
  onChange: (raw: string) => void;
  recent: readonly number[];
  threshold: number;
  /** Flash the read-out: an entry waits for its temperature. */
  attention: boolean;
}) {
  const { t } = useTranslation();
  const value = typedTemperature(raw);
  const outOfRange = value !== null && raw.includes('.') && !temperatureInRange(value);
  const fever = value !== null && temperatureInRange(value) && value >= threshold;
  const alarm = outOfRange || fever;

  return (
    <section aria-label={t('gate.temperature.title')} data-testid="gate-temperature">
      <div
        className={[
          'gate-temp',
          attention || fever ? 'gate-temp--alarm' : '',
          attention ? 'gate-temp--attention' : '',
        ].join(' ')}
      >
        <span className="gate-temp__label">{t('gate.temperature.title')}</span>
        <output
          data-testid="gate-temperature-value"
          aria-live="polite"
          className={
            raw
              ? alarm
                ? 'gate-temp__value gate-temp__value--alarm'
                : 'gate-temp__value'
              : 'gate-temp__value gate-temp__value--empty'
          }
        >
          {raw ? `${raw}℃` : '--.-℃'}
        </output>
        <button
          type="button"
          onClick={() => onChange('')}
          disabled={!raw}
          aria-label={t('gate.temperature.clear')}
          className="gate-key gate-key--clear"
        >
          {t('gate.temperature.clearShort')}
        </button>
      </div>
      <div
        role="status"
        className={alarm || attention ? 'gate-temp__hint gate-temp__hint--alarm' : 'gate-temp__hint'}
      >
        {outOfRange
          ? t('gate.temperature.range', TEMPERATURE_RANGE)
          : fever
            ? t('gate.temperature.fever', { threshold: threshold.toFixed(1) })
            : attention
              ? t('gate.temperature.needed')
              : t('gate.temperature.hint')}
      </div>
      {recent.length > 0 && (
        <div className="gate-picks" style={{ gridTemplateColumns: `repeat(${recent.length}, 1fr)` }}>
          {recent.map((v) => (
            <button
              key={v}
              type="button"
              data-testid="gate-temperature-pick"
              onClick={() => onChange(v.toFixed(1))}
              className="gate-key gate-key--pick"
            >
              {formatTemperature(v)}
            </button>
          ))}
        </div>
      )}
      <div className="gate-keypad">
        {KEYS.map((k) => (
          <button
            key={k}
            type="button"
            data-testid={`gate-key-${k === '.' ? 'dot' : k}`}
            aria-label={k === 'back' ? t('gate.temperature.back') : k}
            onClick={() => onChange(pressKey(raw, k))}
            className="gate-key"
          >
            {k === 'back' ? '⌫' : k}
          </button>
        ))}
      </div>
    </section>
  );
}
