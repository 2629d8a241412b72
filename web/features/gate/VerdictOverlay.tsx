import { CheckCircleFilled, CloudUploadOutlined, StopFilled, WarningFilled } from '@ant-design/icons';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Verdict } from '../../../domain/checkpoints';
import type { EntryState, EntrySummary } from './gate-db';
import { formatTemperature, GATE_COLORS, reasonShort, reasonText } from './gate-display';

export interface ShownVerdict {
  entryId: string;
  verdict: Verdict;
  summary: EntrySummary;
  unverified: boolean;
  threshold: number;
  quota: { outings: number; days: number } | null;
}

/** An allowed entry clears itself after this long; a denied one waits for the guard. */
const ALLOW_CLEARS_MS = 3500;

let audio: AudioContext | null = null;

/** A short high beep for allow, two low ones for deny: heard over a queue without looking. */
function beep(allow: boolean) {
  try {
    const Ctor = window.AudioContext;
    if (!Ctor) return;
    audio ??= new Ctor();
    const ctx = audio;
    const tones = allow
      ? [{ f: 1320, at: 0, d: 0.12 }]
      : [
          { f: 330, at: 0, d: 0.22 },
          { f: 330, at: 0.3, d: 0.22 },
        ];
    for (const tone of tones) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = tone.f;
      osc.type = allow ? 'sine' : 'square';
      gain.gain.value = 0.15;
      osc.connect(gain).connect(ctx.destination);
      osc.start(ctx.currentTime + tone.at);
      osc.stop(ctx.currentTime + tone.at + tone.d);
    }
  } catch {
    // no sound on this device: the colours still say it
  }
}

/**
 * The full-screen verdict: green 放行 or red 禁止 with the reason in plain words, who it was, the
 * temperature, and that the entry is saved on the device. Tap anywhere to go on.
 */
export function VerdictOverlay({
  shown,
  state,
  onDone,
}: {
  shown: ShownVerdict;
  state: EntryState;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const allow = shown.verdict.decision === 'allow';
  const [left, setLeft] = useState(Math.ceil(ALLOW_CLEARS_MS / 1000));
  const button = useRef<HTMLButtonElement>(null);
  const doneRef = useRef(onDone);
  doneRef.current = onDone;

  useEffect(() => {
    beep(allow);
    navigator.vibrate?.(allow ? 80 : [200, 100, 200]);
    button.current?.focus();
    if (!allow) return;
    const started = Date.now();
    const timer = window.setInterval(() => {
      const remaining = ALLOW_CLEARS_MS - (Date.now() - started);
      if (remaining <= 0) {
        window.clearInterval(timer);
        doneRef.current();
      } else setLeft(Math.ceil(remaining / 1000));
    }, 250);
    return () => window.clearInterval(timer);
  }, [allow]);

  const [first, ...rest] = shown.verdict.reasons;
  const ctx = { threshold: shown.threshold, quota: shown.quota };
  const s = shown.summary;
  const facts = [
    t(`gate.direction.${s.direction}`),
    formatTemperature(s.temperature),
    s.plate ? `${s.plate}${s.occupants ? ` · ${t('gate.vehicle.people', { count: s.occupants })}` : ''}` : '',
  ].filter(Boolean);

  return (
    <div
      role="alertdialog"
      aria-modal="true"
      aria-label={allow ? t('gate.verdict.allow') : t('gate.verdict.deny')}
      data-testid="gate-verdict"
      data-decision={shown.verdict.decision}
      onClick={onDone}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onDone();
      }}
      style={{
        position: 'fixed',
        inset: 0,
        zIndex: 1100,
        background: allow ? GATE_COLORS.allow : GATE_COLORS.deny,
        color: '#fff',
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        justifyContent: 'center',
        padding: '24px 20px calc(24px + env(safe-area-inset-bottom))',
        textAlign: 'center',
        cursor: 'pointer',
      }}
    >
      <div style={{ flex: 1 }} />
      {allow ? <CheckCircleFilled style={{ fontSize: 112 }} /> : <StopFilled style={{ fontSize: 112 }} />}
      <div
        data-testid="gate-verdict-word"
        style={{ fontSize: 72, fontWeight: 800, letterSpacing: 12, lineHeight: 1.2, marginTop: 8 }}
      >
        {allow ? t('gate.verdict.allow') : t('gate.verdict.deny')}
      </div>
      {first && (
        <div data-testid="gate-verdict-reason" style={{ marginTop: 8 }}>
          <div style={{ fontSize: 34, fontWeight: 700 }}>{reasonShort(t, first)}</div>
          <div style={{ fontSize: 19, marginTop: 6, maxWidth: 520, lineHeight: 1.4 }}>
            {reasonText(t, first, ctx)}
          </div>
        </div>
      )}
      {rest.length > 0 && (
        <div style={{ fontSize: 17, marginTop: 10, opacity: 0.95 }}>
          {t('gate.verdict.also', { reasons: rest.map((r) => reasonShort(t, r)).join('、') })}
        </div>
      )}
      <div
        style={{
          marginTop: 20,
          background: 'rgba(0,0,0,0.18)',
          borderRadius: 14,
          padding: '12px 18px',
          minWidth: 260,
          maxWidth: 520,
        }}
      >
        <div data-testid="gate-verdict-who" style={{ fontSize: 26, fontWeight: 700 }}>
          {s.label}
        </div>
        {s.detail && <div style={{ fontSize: 17, marginTop: 2 }}>{s.detail}</div>}
        <div style={{ fontSize: 19, marginTop: 6, fontWeight: 600 }}>{facts.join(' · ')}</div>
      </div>
      {shown.unverified && (
        <div style={{ marginTop: 12, fontSize: 15, display: 'flex', gap: 6, alignItems: 'center' }}>
          <WarningFilled /> {t('gate.verdict.unverified')}
        </div>
      )}
      <div style={{ flex: 1 }} />
      <div
        data-testid="gate-verdict-state"
        style={{ fontSize: 15, opacity: 0.95, display: 'flex', gap: 6, alignItems: 'center' }}
      >
        <CloudUploadOutlined /> {t(`gate.verdict.state.${state}`)}
      </div>
      <button
        ref={button}
        type="button"
        data-testid="gate-verdict-next"
        onClick={(e) => {
          e.stopPropagation();
          onDone();
        }}
        style={{
          marginTop: 14,
          width: '100%',
          maxWidth: 480,
          height: 64,
          borderRadius: 14,
          border: '2px solid rgba(255,255,255,0.9)',
          background: 'rgba(255,255,255,0.16)',
          color: '#fff',
          fontSize: 22,
          fontWeight: 700,
          cursor: 'pointer',
        }}
      >
        {allow ? t('gate.verdict.nextIn', { seconds: left }) : t('gate.verdict.understood')}
      </button>
    </div>
  );
}
