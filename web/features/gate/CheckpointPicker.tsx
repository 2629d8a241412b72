import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CheckpointDto } from '../../../domain/checkpoints';
import { useGateCheckpoints } from './gate.api';
import { type GateSetup, SHIFTS, type ShiftKey } from './gate-db';
import { shiftAt } from './gate-display';
import { Empty, LoadError, Loading, Tag } from './gate-ui';
import { Icon } from './icons';

const STATUS_TONE = { open: 'green', closed: 'orange', sealed: 'red' } as const;

export function CompoundStatusTag({ status }: { status: 'open' | 'closed' | 'sealed' | null }) {
  const { t } = useTranslation();
  if (!status) return null;
  return <Tag tone={STATUS_TONE[status]}>{t(`gate.status.${status}`)}</Tag>;
}

/**
 * The first screen on a new device (or after "switch"): the checkpoint of the guard's scope, its
 * lane and the shift. Remembered on the device, so the next opening goes straight to the gate.
 */
export function CheckpointPicker({
  current,
  onDone,
  onCancel,
}: {
  current: GateSetup | null;
  onDone: (setup: GateSetup) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const list = useGateCheckpoints();
  const [q, setQ] = useState('');
  const [picked, setPicked] = useState<string | null>(current?.checkpointId ?? null);
  const [lane, setLane] = useState<string | null>(current?.lane ?? null);
  const [shift, setShift] = useState<ShiftKey>(current?.shift ?? shiftAt(new Date().getHours()));

  const items = useMemo(() => list.data?.items ?? [], [list.data]);
  const loaded = list.data !== undefined;
  const shown = useMemo(() => {
    const s = q.trim();
    return s ? items.filter((c) => c.name.includes(s) || c.unitName.includes(s)) : items;
  }, [items, q]);
  const chosen: CheckpointDto | undefined = items.find((c) => c.id === picked);

  // One checkpoint in scope: picked already. One lane: picked already.
  useEffect(() => {
    if (!picked && items.length === 1 && items[0]) setPicked(items[0].id);
  }, [items, picked]);
  useEffect(() => {
    if (!chosen) return;
    if (!lane || !chosen.lanes.some((l) => l.key === lane)) setLane(chosen.lanes[0]?.key ?? null);
  }, [chosen, lane]);

  const start = () => {
    if (!chosen) return;
    onDone({ checkpointId: chosen.id, checkpointName: chosen.name, lane, shift });
  };

  return (
    <div data-testid="gate-setup" className="gate-stack gate-stack--16">
      <div>
        <h1 className="gate-picker__title">{t('gate.setup.title')}</h1>
        <div className="gate-picker__intro">{t('gate.setup.intro')}</div>
      </div>
      {list.isPending && !loaded && <Loading />}
      {!!list.error && <LoadError error={list.error} onRetry={list.refetch} />}
      {loaded && items.length === 0 && <Empty>{t('gate.setup.empty')}</Empty>}
      {items.length > 6 && (
        <label className="gate-field gate-field--search">
          <Icon name="search" />
          <input
            type="search"
            className="gate-input"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder={t('gate.setup.search')}
            aria-label={t('gate.setup.search')}
            autoComplete="off"
          />
        </label>
      )}
      {loaded && items.length > 0 && shown.length === 0 && <Empty>{t('gate.setup.noMatch')}</Empty>}
      <fieldset aria-label={t('gate.setup.checkpoint')} className="gate-fieldset gate-stack">
        {shown.map((c) => {
          const on = c.id === picked;
          return (
            <button
              key={c.id}
              type="button"
              aria-pressed={on}
              data-testid="gate-setup-checkpoint"
              onClick={() => setPicked(c.id)}
              className="gate-choice gate-choice--row"
            >
              <Icon name="pin" className="gate-choice__icon" />
              <span className="gate-choice__main">
                <span className="gate-choice__name">{c.name}</span>
                <span className="gate-choice__meta">
                  {c.unitName} · {t(`gate.setup.kind.${c.kind}`)}
                </span>
              </span>
              <CompoundStatusTag status={c.compound?.status ?? null} />
              {on && <Icon name="check" className="gate-choice__check" />}
            </button>
          );
        })}
      </fieldset>
      {chosen && chosen.lanes.length > 1 && (
        <fieldset className="gate-fieldset">
          <legend className="gate-legend">{t('gate.setup.lane')}</legend>
          <div className="gate-grid gate-grid--2">
            {chosen.lanes.map((l) => (
              <Choice key={l.key} on={lane === l.key} onClick={() => setLane(l.key)} testId="gate-setup-lane">
                {l.name}
              </Choice>
            ))}
          </div>
        </fieldset>
      )}
      {chosen && (
        <fieldset className="gate-fieldset">
          <legend className="gate-legend">{t('gate.setup.shift')}</legend>
          <div className="gate-grid gate-grid--3">
            {SHIFTS.map((s) => (
              <Choice key={s} on={shift === s} onClick={() => setShift(s)} testId="gate-setup-shift">
                <span className="gate-block">{t(`gate.shift.${s}`)}</span>
                <span className="gate-block gate-choice__hours">{t(`gate.shiftHours.${s}`)}</span>
              </Choice>
            ))}
          </div>
        </fieldset>
      )}
      <div className="gate-stack">
        <button
          type="button"
          className="gate-btn gate-btn--primary gate-btn--xl gate-btn--block"
          disabled={!chosen}
          onClick={start}
          data-testid="gate-setup-start"
        >
          {t('gate.setup.start')}
        </button>
        {onCancel && (
          <button type="button" className="gate-btn gate-btn--lg gate-btn--block" onClick={onCancel}>
            {t('gate.cancel')}
          </button>
        )}
      </div>
    </div>
  );
}

function Choice({
  on,
  onClick,
  children,
  testId,
}: {
  on: boolean;
  onClick: () => void;
  children: React.ReactNode;
  testId: string;
}) {
  return (
    <button type="button" aria-pressed={on} data-testid={testId} onClick={onClick} className="gate-choice">
      {children}
    </button>
  );
}
