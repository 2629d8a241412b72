import { useTranslation } from 'react-i18next';
import {
  formatTemperature,
  GATE_COLORS,
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
  const color = outOfRange || fever ? GATE_COLORS.deny : GATE_COLORS.ink;

  return (
    <section aria-label={t('gate.temperature.title')} data-testid="gate-temperature">
      <div
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 8,
          background: '#fff',
          borderRadius: 12,
          padding: '6px 8px 6px 16px',
          border: `2px solid ${attention || fever ? GATE_COLORS.deny : '#d7dde7'}`,
          boxShadow: attention ? `0 0 0 4px rgba(200, 30, 30, 0.18)` : undefined,
          minHeight: 64,
        }}
      >
        <span style={{ fontSize: 15, color: GATE_COLORS.muted, flex: 'none' }}>
          {t('gate.temperature.title')}
        </span>
        <output
          data-testid="gate-temperature-value"
          aria-live="polite"
          style={{
            flex: 1,
            textAlign: 'right',
            fontSize: 40,
            fontWeight: 700,
            fontVariantNumeric: 'tabular-nums',
            color: raw ? color : '#9ca3af',
            letterSpacing: 1,
          }}
        >
          {raw ? `${raw}℃` : '--.-℃'}
        </output>
        <button
          type="button"
          onClick={() => onChange('')}
          disabled={!raw}
          aria-label={t('gate.temperature.clear')}
          style={{ ...keyStyle, width: 56, height: 48, fontSize: 18, flex: 'none', opacity: raw ? 1 : 0.4 }}
        >
          {t('gate.temperature.clearShort')}
        </button>
      </div>
      <div
        role="status"
        style={{
          minHeight: 22,
          fontSize: 14,
          padding: '2px 4px',
          color: outOfRange || fever || attention ? GATE_COLORS.deny : GATE_COLORS.muted,
          fontWeight: outOfRange || fever || attention ? 600 : 400,
        }}
      >
        {outOfRange
          ? t('gate.temperature.range', TEMPERATURE_RANGE)
          : fever
            ? t('gate.temperature.fever', { threshold: threshold.toFixed(1) })
            : attention
              ? t('gate.temperature.needed')
              : t('gate.temperature.hint')}
      </div>
      <div style={{ display: 'grid', gridTemplateColumns: `repeat(${recent.length}, 1fr)`, gap: 8 }}>
        {recent.map((v) => (
          <button
            key={v}
            type="button"
            data-testid="gate-temperature-pick"
            onClick={() => onChange(v.toFixed(1))}
            style={{
              ...keyStyle,
              height: 48,
              fontSize: 20,
              background: '#e8f0fd',
              borderColor: '#b7cdf3',
              color: '#173f86',
            }}
          >
            {formatTemperature(v)}
          </button>
        ))}
      </div>
      <div
        style={{
          display: 'grid',
          gridTemplateColumns: 'repeat(3, 1fr)',
          gap: 8,
          marginTop: 8,
        }}
      >
        {KEYS.map((k) => (
          <button
            key={k}
            type="button"
            data-testid={`gate-key-${k === '.' ? 'dot' : k}`}
            aria-label={k === 'back' ? t('gate.temperature.back') : k}
            onClick={() => onChange(pressKey(raw, k))}
            style={keyStyle}
          >
            {k === 'back' ? '⌫' : k}
          </button>
        ))}
      </div>
    </section>
  );
}

const keyStyle: React.CSSProperties = {
  height: 56,
  fontSize: 28,
  fontWeight: 600,
  borderRadius: 10,
  border: '1px solid #cfd6e2',
  background: '#fff',
  color: GATE_COLORS.ink,
  cursor: 'pointer',
  touchAction: 'manipulation',
  userSelect: 'none',
  WebkitTapHighlightColor: 'transparent',
  padding: 0,
};
