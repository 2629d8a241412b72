import { CheckCircleFilled, EnvironmentOutlined } from '@ant-design/icons';
import { Button, Input, Tag } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CheckpointDto } from '../../../domain/checkpoints';
import { EmptyState, LoadError, Loading } from '../../components/states';
import { useGateCheckpoints } from './gate.api';
import { type GateSetup, SHIFTS, type ShiftKey } from './gate-db';
import { GATE_COLORS, shiftAt } from './gate-display';

const STATUS_COLOR = { open: 'green', closed: 'orange', sealed: 'red' } as const;

export function CompoundStatusTag({ status }: { status: 'open' | 'closed' | 'sealed' | null }) {
  const { t } = useTranslation();
  if (!status) return null;
  return (
    <Tag color={STATUS_COLOR[status]} style={{ marginInlineEnd: 0 }}>
      {t(`gate.status.${status}`)}
    </Tag>
  );
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

  const items = list.data?.items ?? [];
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
    <div data-testid="gate-setup" style={{ display: 'grid', gap: 16 }}>
      <div>
        <h1 style={{ fontSize: 24, margin: '4px 0' }}>{t('gate.setup.title')}</h1>
        <div style={{ color: GATE_COLORS.muted, fontSize: 15 }}>{t('gate.setup.intro')}</div>
      </div>
      {list.isPending && <Loading />}
      {list.isError && <LoadError error={list.error} onRetry={() => void list.refetch()} />}
      {list.isSuccess && items.length === 0 && <EmptyState description={t('gate.setup.empty')} />}
      {items.length > 6 && (
        <Input.Search
          size="large"
          allowClear
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder={t('gate.setup.search')}
        />
      )}
      {list.isSuccess && items.length > 0 && shown.length === 0 && (
        <EmptyState description={t('gate.setup.noMatch')} />
      )}
      <fieldset aria-label={t('gate.setup.checkpoint')} style={{ ...fieldsetStyle, display: 'grid', gap: 8 }}>
        {shown.map((c) => {
          const on = c.id === picked;
          return (
            <button
              key={c.id}
              type="button"
              aria-pressed={on}
              data-testid="gate-setup-checkpoint"
              onClick={() => setPicked(c.id)}
              style={{
                display: 'flex',
                alignItems: 'center',
                gap: 12,
                textAlign: 'left',
                minHeight: 68,
                padding: '10px 14px',
                borderRadius: 12,
                border: `2px solid ${on ? '#1e5bb8' : '#d7dde7'}`,
                background: on ? '#eef4fe' : '#fff',
                cursor: 'pointer',
              }}
            >
              <EnvironmentOutlined style={{ fontSize: 22, color: on ? '#1e5bb8' : GATE_COLORS.muted }} />
              <span style={{ flex: 1, minWidth: 0 }}>
                <span style={{ display: 'block', fontSize: 18, fontWeight: 600 }}>{c.name}</span>
                <span style={{ display: 'block', fontSize: 14, color: GATE_COLORS.muted }}>
                  {c.unitName} · {t(`gate.setup.kind.${c.kind}`)}
                </span>
              </span>
              <CompoundStatusTag status={c.compound?.status ?? null} />
              {on && <CheckCircleFilled style={{ fontSize: 22, color: '#1e5bb8' }} />}
            </button>
          );
        })}
      </fieldset>
      {chosen && chosen.lanes.length > 1 && (
        <fieldset style={fieldsetStyle}>
          <legend style={legendStyle}>{t('gate.setup.lane')}</legend>
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(2, 1fr)', gap: 8 }}>
            {chosen.lanes.map((l) => (
              <Choice key={l.key} on={lane === l.key} onClick={() => setLane(l.key)} testId="gate-setup-lane">
                {l.name}
              </Choice>
            ))}
          </div>
        </fieldset>
      )}
      {chosen && (
        <fieldset style={fieldsetStyle}>
          <legend style={legendStyle}>{t('gate.setup.shift')}</legend>
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(3, 1fr)', gap: 8 }}>
            {SHIFTS.map((s) => (
              <Choice key={s} on={shift === s} onClick={() => setShift(s)} testId="gate-setup-shift">
                <span style={{ display: 'block' }}>{t(`gate.shift.${s}`)}</span>
                <span style={{ display: 'block', fontSize: 13, fontWeight: 400, color: GATE_COLORS.muted }}>
                  {t(`gate.shiftHours.${s}`)}
                </span>
              </Choice>
            ))}
          </div>
        </fieldset>
      )}
      <div style={{ display: 'grid', gap: 8 }}>
        <Button
          type="primary"
          size="large"
          block
          disabled={!chosen}
          onClick={start}
          data-testid="gate-setup-start"
          style={{ height: 60, fontSize: 20, fontWeight: 600 }}
        >
          {t('gate.setup.start')}
        </Button>
        {onCancel && (
          <Button size="large" block onClick={onCancel} style={{ height: 52 }}>
            {t('common.cancel')}
          </Button>
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
    <button
      type="button"
      aria-pressed={on}
      data-testid={testId}
      onClick={onClick}
      style={{
        minHeight: 52,
        borderRadius: 10,
        fontSize: 16,
        fontWeight: on ? 700 : 400,
        border: `2px solid ${on ? '#1e5bb8' : '#d7dde7'}`,
        background: on ? '#eef4fe' : '#fff',
        color: on ? '#173f86' : GATE_COLORS.ink,
        cursor: 'pointer',
        padding: '4px 6px',
      }}
    >
      {children}
    </button>
  );
}

const fieldsetStyle: React.CSSProperties = { border: 'none', margin: 0, padding: 0 };
const legendStyle: React.CSSProperties = { fontSize: 16, fontWeight: 600, marginBottom: 8 };
