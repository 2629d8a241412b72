import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Verdict } from '../../../domain/checkpoints';
import type { EntryState, EntrySummary } from './gate-db';
import { formatTemperature, reasonShort, reasonText } from './gate-display';
import { Icon } from './icons';

export interface ShownVerdict {
  entryId: string;
  verdict: Verdict;
  summary: EntrySummary;
  unverified: boolean;
  threshold: number;
  quota: { outings: number; days: number; per: 'household' | 'person' } | null;
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
      className={`gate-verdict gate-verdict--${allow ? 'allow' : 'deny'}`}
    >
      <div className="gate-verdict__spacer" />
      <svg viewBox="0 0 24 24" className="gate-verdict__icon" aria-hidden="true" focusable="false">
        <circle cx="12" cy="12" r="11" fill="#fff" />
        <path
          d={allow ? 'M6.5 12.5l3.8 3.8 7.2-7.8' : 'M7 7l10 10'}
          fill="none"
          stroke="currentColor"
          strokeWidth={allow ? 2.6 : 3}
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
      <div data-testid="gate-verdict-word" className="gate-verdict__word">
        {allow ? t('gate.verdict.allow') : t('gate.verdict.deny')}
      </div>
      {first && (
        <div data-testid="gate-verdict-reason" className="gate-verdict__reason">
          <div className="gate-verdict__reason-short">{reasonShort(t, first)}</div>
          <div className="gate-verdict__reason-text">{reasonText(t, first, ctx)}</div>
        </div>
      )}
      {rest.length > 0 && (
        <div className="gate-verdict__also">
          {t('gate.verdict.also', { reasons: rest.map((r) => reasonShort(t, r)).join('、') })}
        </div>
      )}
      <div className="gate-verdict__card">
        <div data-testid="gate-verdict-who" className="gate-verdict__who">
          {s.label}
        </div>
        {s.detail && <div className="gate-verdict__detail">{s.detail}</div>}
        <div className="gate-verdict__facts">{facts.join(' · ')}</div>
      </div>
      {shown.unverified && (
        <div className="gate-verdict__note">
          <Icon name="warning" /> {t('gate.verdict.unverified')}
        </div>
      )}
      <div className="gate-verdict__spacer" />
      <div data-testid="gate-verdict-state" className="gate-verdict__state">
        <Icon name="upload" /> {t(`gate.verdict.state.${state}`)}
      </div>
      <button
        ref={button}
        type="button"
        data-testid="gate-verdict-next"
        onClick={(e) => {
          e.stopPropagation();
          onDone();
        }}
        className="gate-verdict__next"
      >
        {allow ? t('gate.verdict.nextIn', { seconds: left }) : t('gate.verdict.understood')}
      </button>
    </div>
  );
}
