import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import type { Direction } from '../../../domain/checkpoints';
import { decodePassToken } from '../../../domain/passes';
import { GateBanners } from './GateBanners';
import { ActionRow, DirectionToggle, ScanOrPending, type SheetKey } from './GateControls';
import { GateHeader } from './GateHeader';
import {
  DEFAULT_PREFERENCES,
  entriesSince,
  type GateEntry,
  type GateSetup,
  getPreferences,
  type PassageBody,
  type Preferences,
  putPreferences,
} from './gate-db';
import { pressKey, shiftStart, temperatureInRange, typedTemperature } from './gate-display';
import { gateQueue, useGateQueue, useOnline } from './gate-queue';
import { useGateSession } from './gate-session';
import { serverNow, useGateSync } from './gate-sync';
import { errorMessage, Spinner, toast } from './gate-ui';
import {
  type Draft,
  decideLocally,
  type HouseholdChoice,
  householdChoice,
  type Identity,
  indexSync,
} from './gate-verdict';
import { Icon } from './icons';
import { type LookupResult, LookupSheet } from './LookupSheet';
import { MemberSheet } from './MemberSheet';
import { RecentEntries } from './RecentEntries';
import { Scanner } from './Scanner';
import { TemperaturePad } from './TemperaturePad';
import { plateOf, VehiclePanel, type VehicleValue } from './VehiclePanel';
import { type ShownVerdict, VerdictOverlay } from './VerdictOverlay';
import { VisitorSheet } from './VisitorSheet';

type Sheet = 'scan' | SheetKey | null;

/** Entries this old still count for a quota window (at most 14 days) on the device. */
const QUOTA_LOOKBACK_MS = 15 * 86_400_000;

/**
 * The gate itself: direction, temperature pad, the big scan button and the other ways to identify
 * someone, the verdict, and the device's outbox. Everything here works from the last sync held in
 * IndexedDB, so losing the network changes nothing but the banner.
 */
export function GateScreen({
  setup,
  onSwitch,
  onLost,
}: {
  setup: GateSetup;
  onSwitch: () => void;
  onLost: () => void;
}) {
  const { t } = useTranslation();
  const me = useGateSession();
  const online = useOnline();
  const sync = useGateSync(me.id, setup.checkpointId);
  const queue = useGateQueue(me.id);

  const [direction, setDirection] = useState<Direction>('in');
  const [raw, setRaw] = useState('');
  const [prefs, setPrefs] = useState<Preferences>(DEFAULT_PREFERENCES);
  const [vehicleOn, setVehicleOn] = useState(false);
  const [vehicle, setVehicle] = useState<VehicleValue>({ province: '豫', rest: '', occupants: 1 });
  const [sheet, setSheet] = useState<Sheet>(null);
  const [pending, setPending] = useState<Identity | null>(null);
  /** A household pass was shown: whose members the guard picks from, and its code. */
  const [choosing, setChoosing] = useState<{ token: string; choice: HouseholdChoice } | null>(null);
  const [shown, setShown] = useState<ShownVerdict | null>(null);
  const [saving, setSaving] = useState(false);
  const [now, setNow] = useState(Date.now());
  const [shiftCounts, setShiftCounts] = useState({ in: 0, out: 0, denied: 0 });

  useEffect(() => {
    void getPreferences()
      .then((p) => {
        setPrefs(p);
        setVehicle((v) => ({ ...v, province: p.province }));
      })
      .catch(() => undefined);
    const timer = window.setInterval(() => setNow(Date.now()), 30_000);
    return () => window.clearInterval(timer);
  }, []);

  useEffect(() => {
    if (sync.lost) onLost();
  }, [sync.lost, onLost]);

  // A one-way lane starts in its direction; the guard can still switch.
  const laneDirection = sync.record?.data.checkpoint.lanes.find((l) => l.key === setup.lane)?.direction;
  useEffect(() => {
    if (laneDirection === 'in' || laneDirection === 'out') setDirection(laneDirection);
  }, [laneDirection]);

  // The shift's counts, from the device's own entries (all of them, sent or not).
  // biome-ignore lint/correctness/useExhaustiveDependencies: recount whenever the outbox changes
  useEffect(() => {
    let alive = true;
    void entriesSince(shiftStart(setup.shift))
      .then((list) => {
        if (!alive) return;
        const mine = list.filter((e) => e.checkpointId === setup.checkpointId);
        setShiftCounts({
          in: mine.filter((e) => e.summary.direction === 'in').length,
          out: mine.filter((e) => e.summary.direction === 'out').length,
          denied: mine.filter((e) => e.verdict.decision === 'deny').length,
        });
      })
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, [queue.recent, setup.shift, setup.checkpointId]);

  const record = sync.record;
  const data = record?.data ?? null;
  const index = useMemo(() => (data ? indexSync(data) : null), [data]);
  const checkpoint = data?.checkpoint ?? null;
  const threshold = checkpoint?.rules.feverThreshold ?? 37.3;
  const households = useMemo(() => data?.persons?.households ?? [], [data]);
  const temperature = typedTemperature(raw);
  const temperatureOk = temperature !== null && temperatureInRange(temperature);

  const log = useCallback(
    async (identity: Identity) => {
      if (!record || !index) return;
      setSaving(true);
      try {
        const at = serverNow(record);
        const plate = vehicleOn ? plateOf(vehicle) : null;
        const draft: Draft = {
          identity,
          direction,
          temperature: temperatureOk ? temperature : null,
          plate,
          occupants: plate ? vehicle.occupants : null,
        };
        const local = await entriesSince(Date.now() - QUOTA_LOOKBACK_MS);
        const d = await decideLocally(draft, at, record, index, local, {
          invalidPass: t('gate.subject.invalid'),
        });
        const id = uuidv7();
        const body: PassageBody = {
          id,
          checkpointId: setup.checkpointId,
          at: at.toISOString(),
          direction,
          ...(setup.lane ? { lane: setup.lane } : {}),
          ...(identity.kind === 'pass' ? { passToken: identity.token } : {}),
          ...(identity.kind === 'pass' && identity.member ? { personId: identity.member } : {}),
          ...(identity.kind === 'person' ? { personId: identity.personId } : {}),
          ...(identity.kind === 'visitor' ? { visitor: identity.visitor } : {}),
          ...(draft.temperature !== null ? { temperature: draft.temperature } : {}),
          ...(plate ? { plate, occupants: vehicle.occupants } : {}),
          verdict: d.verdict,
        };
        const entry: GateEntry = {
          id,
          userId: me.id,
          checkpointId: setup.checkpointId,
          createdAt: Date.now(),
          body,
          summary: d.summary,
          verdict: d.verdict,
          state: 'waiting',
          attempts: 0,
          sentAt: null,
          server: null,
          problem: null,
          quotaKey: d.quotaKey,
          day: d.day,
        };
        // On the device first: the verdict is shown only once the entry cannot be lost.
        await gateQueue.add(entry);
        setShown({
          entryId: id,
          verdict: d.verdict,
          summary: d.summary,
          unverified: d.unverified,
          threshold,
          quota: d.quota,
        });
        setPending(null);
        setRaw('');
        if (plate) setVehicle((v) => ({ ...v, rest: '', occupants: 1 }));
        // Quick picks are the normal readings of the day; a fever is typed, never picked by mistake.
        if (draft.temperature !== null && draft.temperature < threshold) {
          const t0 = draft.temperature;
          const recent = [t0, ...prefs.recentTemperatures.filter((x) => x !== t0)]
            .slice(0, 3)
            .sort((a, b) => a - b);
          const next = { ...prefs, recentTemperatures: recent, province: vehicle.province };
          setPrefs(next);
          void putPreferences(next).catch(() => undefined);
        }
      } catch (error) {
        toast.error(t('gate.saveFailed', { error: errorMessage(error, '') }));
      } finally {
        setSaving(false);
      }
    },
    [
      record,
      index,
      vehicleOn,
      vehicle,
      direction,
      temperatureOk,
      temperature,
      setup,
      me.id,
      t,
      threshold,
      prefs,
    ],
  );

  /**
   * Someone was identified: log at once when the temperature (if needed) is there, else wait for it.
   * A household pass first asks which member is passing (one tap, or "not recorded").
   */
  const identify = (identity: Identity) => {
    setSheet(null);
    if (!record || !index) {
      toast.error(t('gate.notSynced'));
      return;
    }
    if (identity.kind === 'pass' && identity.member === undefined) {
      const token = identity.token;
      void householdChoice(token, record.data, index, serverNow(record)).then(
        (choice) => {
          if (choice) setChoosing({ token, choice });
          else identify({ kind: 'pass', token, member: null });
        },
        () => identify({ kind: 'pass', token, member: null }),
      );
      return;
    }
    const tempNeeded = direction === 'in';
    const tempBad = raw !== '' && !temperatureOk;
    const plateBad = vehicleOn && !plateOf(vehicle);
    if ((tempNeeded && !temperatureOk) || tempBad || plateBad) {
      setPending(identity);
      if (plateBad) toast.warning(t('gate.vehicle.fixPlate'));
      return;
    }
    void log(identity);
  };

  const onLookup = (r: LookupResult) =>
    identify(r.kind === 'pass' ? { kind: 'pass', token: r.token } : { kind: 'person', personId: r.personId });

  const pendingLabel = pending
    ? pending.kind === 'pass'
      ? ((pending.member ? index?.persons.get(pending.member)?.name : undefined) ??
        decodePassToken(pending.token)?.claims.label ??
        t('gate.pending.pass'))
      : pending.kind === 'person'
        ? (index?.persons.get(pending.personId)?.name ?? '')
        : pending.visitor.name
    : '';

  // A keyboard (a desktop at the gate, a phone with a keypad) types the temperature too: digits,
  // the dot, Backspace; Delete clears. Not while a sheet, the scanner or a verdict is open.
  const layerOpen = useRef(false);
  layerOpen.current = sheet !== null || shown !== null || choosing !== null;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || layerOpen.current) return;
      const target = e.target instanceof Element ? e.target : null;
      if (
        target?.closest('input, textarea, select, [contenteditable], [role="dialog"], [role="alertdialog"]')
      )
        return;
      const key =
        /^\d$/.test(e.key) || e.key === '.'
          ? e.key
          : e.key === 'Backspace'
            ? 'back'
            : e.key === 'Delete'
              ? 'clear'
              : null;
      if (!key) return;
      e.preventDefault();
      setRaw((r) => pressKey(r, key));
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div data-testid="gate-screen" className="gate-screen">
      <GateHeader
        setup={setup}
        checkpoint={checkpoint}
        record={record}
        online={online}
        syncing={sync.syncing}
        now={now}
        waiting={queue.waiting}
        onSync={() => void sync.syncNow()}
        onSwitch={onSwitch}
      />
      <GateBanners online={online} queue={queue} record={record} now={now} />
      <main className="gate-main">
        {!record && !sync.loading && (
          <div data-testid="gate-not-synced" className="gate-panel gate-stack">
            <strong className="gate-section-title">{t('gate.notSyncedTitle')}</strong>
            <span className="gate-muted-text">
              {sync.error ? errorMessage(sync.error, t('gate.networkError')) : t('gate.notSynced')}
            </span>
            <button
              type="button"
              className="gate-btn gate-btn--primary gate-btn--lg"
              disabled={sync.syncing}
              aria-busy={sync.syncing}
              onClick={() => void sync.syncNow()}
            >
              {sync.syncing && <Spinner />}
              {t('gate.sync.now')}
            </button>
          </div>
        )}
        <DirectionToggle direction={direction} onChange={setDirection} />

        <TemperaturePad
          raw={raw}
          onChange={setRaw}
          recent={prefs.recentTemperatures}
          threshold={threshold}
          attention={
            pending !== null && ((direction === 'in' && !temperatureOk) || (raw !== '' && !temperatureOk))
          }
        />

        <ScanOrPending
          pendingLabel={pending ? pendingLabel : null}
          saving={saving}
          ready={!!record}
          onScan={() => setSheet('scan')}
          onLog={() => pending && identify(pending)}
          onCancel={() => setPending(null)}
        />

        <ActionRow
          ready={!!record}
          vehicleOn={vehicleOn}
          onOpen={setSheet}
          onVehicle={() => setVehicleOn((v) => !v)}
        />

        {vehicleOn && (
          <VehiclePanel value={vehicle} onChange={setVehicle} onClose={() => setVehicleOn(false)} />
        )}

        <section aria-label={t('gate.recent.title')} className="gate-stack gate-recent-section">
          <div className="gate-recent-head">
            <strong className="gate-section-title">{t('gate.recent.title')}</strong>
            <span data-testid="gate-shift-counts" className="gate-recent-head__counts">
              <Icon name="clock" />{' '}
              {t('gate.recent.shiftCounts', {
                in: shiftCounts.in,
                out: shiftCounts.out,
                denied: shiftCounts.denied,
              })}
            </span>
            <span
              data-testid="gate-waiting-count"
              className={
                queue.waiting > 0
                  ? 'gate-recent-head__waiting gate-recent-head__waiting--on'
                  : 'gate-recent-head__waiting'
              }
            >
              {queue.waiting > 0
                ? t('gate.recent.waiting', { count: queue.waiting })
                : queue.ready
                  ? t('gate.recent.allSent')
                  : ''}
            </span>
          </div>
          <RecentEntries entries={queue.recent} onDismiss={(id) => void gateQueue.dismiss(id)} />
        </section>
      </main>

      {sheet === 'scan' && (
        <Scanner
          onResult={(token) => identify({ kind: 'pass', token })}
          onClose={() => setSheet(null)}
          onTypeInstead={() => setSheet('lookup')}
        />
      )}
      <LookupSheet
        open={sheet === 'lookup'}
        onClose={() => setSheet(null)}
        onPick={onLookup}
        persons={data?.persons?.items ?? null}
        households={index?.households ?? new Map()}
      />
      <MemberSheet
        choice={choosing?.choice ?? null}
        onClose={() => setChoosing(null)}
        onPick={(member) => {
          const token = choosing?.token;
          setChoosing(null);
          if (token) identify({ kind: 'pass', token, member });
        }}
      />
      <VisitorSheet
        open={sheet === 'visitor' || sheet === 'courier'}
        initialKind={sheet === 'courier' ? 'courier' : 'visitor'}
        onClose={() => setSheet(null)}
        onSubmit={(visitor) => identify({ kind: 'visitor', visitor })}
        households={households}
        hostRequired={checkpoint?.compound?.status === 'closed' && checkpoint.rules.visitorsAllowed}
      />
      {shown && (
        <VerdictOverlay
          key={shown.entryId}
          shown={shown}
          state={queue.recent.find((e) => e.id === shown.entryId)?.state ?? 'waiting'}
          onDone={() => setShown(null)}
        />
      )}
    </div>
  );
}
