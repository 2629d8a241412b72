import {
  ArrowRightOutlined,
  CheckCircleFilled,
  EnvironmentOutlined,
  FastForwardOutlined,
  HomeOutlined,
  PlusOutlined,
  SaveOutlined,
  SearchOutlined,
  SwapOutlined,
} from '@ant-design/icons';
import { Alert, Button, Card, Radio, Result, Typography, theme } from 'antd';
import { type KeyboardEvent, type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { PersonDto } from '../../../domain/registry';
import type { UnitDetailDto } from '../../../domain/units';
import { currentLanguage } from '../../app/i18n';
import { errorMessage, LoadError, Loading } from '../../components/states';
import { useIsMobile } from '../../components/use-is-mobile';
import { EntryGrid, type Focusable } from './EntryGrid';
import {
  checkRow,
  ENTER_ORDER,
  type EntryField,
  type EntryRow,
  isBlank,
  newRow,
  problemToRows,
  type RowErrors,
  toPersonInput,
} from './entry-rows';
import { householdLabel, MaskedText } from './person-display';
import { RegistryNav } from './RegistryNav';
import { RoomPicker } from './RoomPicker';
import {
  type UnreachedRoom,
  useAddPersons,
  useAllChildren,
  useCreateHousehold,
  useRoomHouseholds,
  useUnitDetail,
  useWalkRooms,
} from './registry.api';

interface Saved {
  roomId: string;
  householdId: string;
  address: string;
  persons: PersonDto[];
}

/** The choice "a new household in this room" beside the room's existing households. */
const NEW = 'new';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

function addressOf(unit: UnitDetailDto): string {
  const shown = new Set(['compound', 'building', 'entrance']);
  return [...unit.ancestors.filter((a) => shown.has(a.type)).map((a) => a.name), unit.name].join(' ');
}

/** Rooms skipped on a walk ("nobody home"), kept for the browser tab's session. */
function useSkipped(walkId: string | undefined): [string[], (ids: string[]) => void] {
  const key = walkId ? `shouwang.walk.skipped.${walkId}` : null;
  const read = (k: string | null): string[] => {
    if (!k) return [];
    try {
      const v: unknown = JSON.parse(sessionStorage.getItem(k) ?? '[]');
      return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
    } catch {
      return [];
    }
  };
  const [state, setState] = useState(() => ({ key, ids: read(key) }));
  const ids = state.key === key ? state.ids : read(key);
  const set = (next: string[]) => {
    if (key) sessionStorage.setItem(key, JSON.stringify(next));
    setState({ key, ids: next });
  };
  return [ids, set];
}

/**
 * Staff entry (电话登记 and paper cards): pick the room, then type the whole household in one table
 * without touching the mouse. Enter moves on, Alt+N adds a person, Ctrl+Enter saves. With
 * `?walk=<unit>` the page walks the unit's unregistered rooms one after the other: a save, or a skip
 * when nobody was home, opens the next room with the cursor in the first name.
 */
export function EntryPage() {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const roomId = params.get('room') ?? undefined;
  const walkId = params.get('walk') ?? undefined;
  const room = useUnitDetail(roomId);
  const siblings = useAllChildren(walkId ? undefined : (room.data?.parentId ?? undefined));
  const walkUnit = useUnitDetail(walkId);
  const walkRooms = useWalkRooms(walkId);
  const [skipped, setSkipped] = useSkipped(walkId);
  const [walkTally, setWalkTally] = useState({ saved: 0 });
  const [lastSaved, setLastSaved] = useState<Saved | null>(null);
  const [changingRoom, setChangingRoom] = useState(false);
  const focusEntry = useRef<() => void>(() => undefined);

  const nextRoom = useMemo(() => {
    const list = (siblings.data ?? []).filter((u) => u.type === 'household');
    const i = list.findIndex((u) => u.id === roomId);
    return i >= 0 ? list[i + 1] : undefined;
  }, [siblings.data, roomId]);

  // The walk's worklist: rooms nobody has registered, less those skipped in this session.
  const queue = (walkRooms.data?.items ?? []).filter((r) => !skipped.includes(r.id));
  const position = queue.findIndex((r) => r.id === roomId);

  /** The room after this one on the walk (wrapping round), as the worklist was before a save. */
  const nextOnWalk = (skippedNow: string[]): UnreachedRoom | undefined => {
    const items = walkRooms.data?.items ?? [];
    const i = items.findIndex((r) => r.id === roomId);
    const order = i >= 0 ? [...items.slice(i + 1), ...items.slice(0, i)] : items;
    return order.find((r) => r.id !== roomId && !skippedNow.includes(r.id));
  };
  const walkTo = (next: UnreachedRoom | undefined) => {
    setChangingRoom(false);
    setParams(next ? { room: next.id, walk: walkId ?? '' } : { walk: walkId ?? '' });
  };

  // A walk opened without a room starts at its first room still to do.
  const first = queue[0]?.id;
  useEffect(() => {
    if (walkId && !roomId && first) setParams({ room: first, walk: walkId }, { replace: true });
  }, [walkId, roomId, first, setParams]);

  const pickRoom = (id: string | undefined) => {
    setChangingRoom(false);
    const next: Record<string, string> = id ? { room: id } : {};
    if (walkId) next.walk = walkId;
    setParams(next, { replace: !!roomId });
  };

  const address = room.data ? addressOf(room.data) : '';
  const ready = !!roomId && room.data?.type === 'household' && room.data.id === roomId;
  const size = isMobile ? 'large' : 'middle';

  let persons: ReactNode;
  if (walkId && !roomId) {
    if (walkRooms.isError)
      persons = <LoadError compact error={walkRooms.error} onRetry={() => void walkRooms.refetch()} />;
    else if (walkRooms.isPending || first) persons = <Loading />;
    else
      persons = (
        <WalkDone
          unit={walkUnit.data ? addressOf(walkUnit.data) : ''}
          saved={walkTally.saved}
          skipped={skipped.length}
          onAgain={() => setSkipped([])}
          onCoverage={() => navigate('/registry/coverage')}
          onStop={() => setParams({})}
        />
      );
  } else if (!roomId) {
    persons = (
      <Typography.Text type="secondary" data-testid="entry-pick-room">
        {t('registry.entryPage.pickRoomFirst')}
      </Typography.Text>
    );
  } else if (room.isError) {
    persons = <LoadError compact error={room.error} onRetry={() => void room.refetch()} />;
  } else if (!room.data || room.data.id !== roomId) {
    persons = <Loading />;
  } else if (!ready) {
    persons = <Alert type="warning" showIcon title={t('registry.entryPage.pickRoomFirst')} />;
  } else {
    persons = (
      <RoomEntry
        key={roomId}
        roomId={roomId}
        address={address}
        walking={!!walkId}
        initialHousehold={params.get('household') ?? undefined}
        lastSaved={walkId ? lastSaved : null}
        nextRoomName={nextRoom?.name}
        focusRef={focusEntry}
        onSaved={(saved) => {
          if (!walkId) return;
          // On a walk, straight on to the next room; what was saved stays in view there.
          setLastSaved(saved);
          setWalkTally((w) => ({ saved: w.saved + 1 }));
          walkTo(nextOnWalk(skipped));
        }}
        onSkip={() => {
          const now = [...skipped.filter((id) => id !== roomId), roomId];
          setSkipped(now);
          walkTo(nextOnWalk(now));
        }}
        onNextRoom={() => nextRoom && setParams({ room: nextRoom.id })}
        onOtherRoom={() => setParams({})}
        onOpenHousehold={(id) => navigate(`/registry/households/${id}`)}
      />
    );
  }

  const picker = (
    <RoomPicker
      value={roomId}
      onChange={(r) => pickRoom(r?.id)}
      onDone={() => focusEntry.current()}
      layout={isMobile ? 'column' : 'row'}
      autoFocus={!roomId && !walkId}
      size={size}
      idPrefix="entry-room"
    />
  );

  return (
    <>
      <RegistryNav />
      <Card
        title={<span style={{ fontSize: isMobile ? 18 : 20 }}>{t('registry.entryPage.title')}</span>}
        extra={
          <Button
            icon={<SearchOutlined />}
            onClick={() => navigate('/registry')}
            size={size}
            type="text"
            aria-label={t('registry.searchTitle')}
          >
            {isMobile ? null : t('registry.searchTitle')}
          </Button>
        }
        styles={{ body: { padding: isMobile ? 12 : 24 } }}
      >
        <div data-testid="entry-page" style={{ display: 'grid', gap: isMobile ? 16 : 20 }}>
          <Typography.Text type="secondary">
            {t(walkId ? 'registry.entryPage.walkIntro' : 'registry.entryPage.intro')}
          </Typography.Text>
          <Section n={1} title={t(walkId ? 'registry.entryPage.stepWalk' : 'registry.entryPage.stepRoom')}>
            {walkId ? (
              <>
                <WalkBar
                  unit={walkUnit.data ? addressOf(walkUnit.data) : ''}
                  position={position}
                  left={queue.length}
                  more={(walkRooms.data?.total ?? 0) > (walkRooms.data?.items.length ?? 0)}
                  saved={walkTally.saved}
                  skipped={skipped.length}
                  changingRoom={changingRoom}
                  onChangeRoom={() => setChangingRoom((c) => !c)}
                  onStop={() => setParams(roomId ? { room: roomId } : {})}
                />
                {walkRooms.isError && roomId && (
                  <LoadError compact error={walkRooms.error} onRetry={() => void walkRooms.refetch()} />
                )}
                {changingRoom && picker}
              </>
            ) : (
              picker
            )}
          </Section>
          <Section n={2} title={t('registry.entryPage.stepPersons')}>
            {persons}
          </Section>
        </div>
      </Card>
    </>
  );
}

function Section({ n, title, children }: { n: number; title: string; children: ReactNode }) {
  const { token } = theme.useToken();
  return (
    <section style={{ display: 'grid', gap: 12, minWidth: 0 }}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
        <span
          aria-hidden
          style={{
            width: 24,
            height: 24,
            borderRadius: 12,
            background: token.colorPrimary,
            color: '#fff',
            display: 'inline-flex',
            alignItems: 'center',
            justifyContent: 'center',
            fontSize: 13,
            fontWeight: 600,
          }}
        >
          {n}
        </span>
        <Typography.Text strong style={{ fontSize: 15 }}>
          {title}
        </Typography.Text>
      </div>
      {children}
    </section>
  );
}

// ---- the walk ----

function WalkBar({
  unit,
  position,
  left,
  more,
  saved,
  skipped,
  changingRoom,
  onChangeRoom,
  onStop,
}: {
  unit: string;
  position: number;
  left: number;
  more: boolean;
  saved: number;
  skipped: number;
  changingRoom: boolean;
  onChangeRoom: () => void;
  onStop: () => void;
}) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const isMobile = useIsMobile();
  const count = more ? `${left}+` : String(left);
  return (
    <div
      data-testid="entry-walk"
      style={{
        display: 'flex',
        flexWrap: 'wrap',
        gap: isMobile ? 8 : 12,
        alignItems: 'center',
        justifyContent: 'space-between',
        padding: isMobile ? 12 : '12px 16px',
        background: token.colorPrimaryBg,
        border: `1px solid ${token.colorPrimaryBorder}`,
        borderRadius: token.borderRadiusLG,
      }}
    >
      <div style={{ display: 'grid', gap: 2, minWidth: 0 }}>
        <Typography.Text strong style={{ fontSize: 15 }}>
          {unit}
        </Typography.Text>
        <span data-testid="entry-walk-progress" style={{ fontSize: 14 }}>
          {position >= 0
            ? t('registry.entryPage.walkPosition', { k: String(position + 1), n: count })
            : t('registry.entryPage.walkLeft', { n: count })}
        </span>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {t('registry.entryPage.walkTally', { saved: String(saved), skipped: String(skipped) })}
        </Typography.Text>
      </div>
      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
        <Button icon={<SwapOutlined />} onClick={onChangeRoom} size={isMobile ? 'large' : 'middle'}>
          {changingRoom ? t('registry.entryPage.keepRoom') : t('registry.entryPage.changeRoom')}
        </Button>
        <Button type="text" onClick={onStop} size={isMobile ? 'large' : 'middle'}>
          {t('registry.entryPage.walkStop')}
        </Button>
      </div>
    </div>
  );
}

function WalkDone({
  unit,
  saved,
  skipped,
  onAgain,
  onCoverage,
  onStop,
}: {
  unit: string;
  saved: number;
  skipped: number;
  onAgain: () => void;
  onCoverage: () => void;
  onStop: () => void;
}) {
  const { t } = useTranslation();
  const size = useIsMobile() ? 'large' : 'middle';
  return (
    <Result
      status="success"
      style={{ padding: '16px 0' }}
      title={<span data-testid="entry-walk-done">{t('registry.entryPage.walkDone', { unit })}</span>}
      subTitle={t('registry.entryPage.walkTally', { saved: String(saved), skipped: String(skipped) })}
      extra={
        <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', justifyContent: 'center' }}>
          {skipped > 0 && (
            <Button type="primary" size={size} onClick={onAgain} autoFocus>
              {t('registry.entryPage.walkAgain', { count: skipped })}
            </Button>
          )}
          <Button size={size} onClick={onCoverage} autoFocus={skipped === 0}>
            {t('registry.entryPage.toCoverage')}
          </Button>
          <Button size={size} type="link" onClick={onStop}>
            {t('registry.entryPage.walkStop')}
          </Button>
        </div>
      }
    />
  );
}

// ---- one room ----

interface RoomEntryProps {
  roomId: string;
  address: string;
  walking: boolean;
  initialHousehold?: string;
  lastSaved: Saved | null;
  nextRoomName?: string;
  /** Set to a function that puts the cursor in the first name (the room picker calls it). */
  focusRef: React.MutableRefObject<() => void>;
  onSaved: (saved: Saved) => void;
  onSkip: () => void;
  onNextRoom: () => void;
  onOtherRoom: () => void;
  onOpenHousehold: (id: string) => void;
}

/** The persons of one room, typed in and saved in one request; mounted afresh for every room. */
function RoomEntry(props: RoomEntryProps) {
  const { roomId, walking } = props;
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const isMobile = useIsMobile();
  const households = useRoomHouseholds(roomId);
  const createHousehold = useCreateHousehold();
  const addPersons = useAddPersons();

  const [rows, setRows] = useState<EntryRow[]>(() => [newRow()]);
  const [errors, setErrors] = useState<RowErrors>({});
  const [duplicates, setDuplicates] = useState<Record<string, string | undefined>>({});
  const [banner, setBanner] = useState<ReactNode>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<Saved | null>(null);
  const [target, setTarget] = useState<string | undefined>(props.initialHousehold);
  const [skipArmed, setSkipArmed] = useState(false);

  const fields = useRef(new Map<string, Focusable>());
  const openSelect = useRef<string | null>(null);
  const activeRow = useRef<string | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const householdChoice = useRef<HTMLDivElement>(null);
  const pendingFocus = useRef<string | null>(null);

  const register = useCallback((key: string, el: Focusable | null) => {
    if (el) fields.current.set(key, el);
    else fields.current.delete(key);
  }, []);
  const focusField = useCallback((key: string) => {
    const el = fields.current.get(key);
    if (el) el.focus();
    else pendingFocus.current = key;
  }, []);
  // A field that did not exist yet (a new row) gets the focus once rendered.
  useEffect(() => {
    const key = pendingFocus.current;
    if (key && fields.current.has(key)) {
      pendingFocus.current = null;
      fields.current.get(key)?.focus();
    }
  });

  const focusFirstName = () => {
    const first = rows[0];
    if (first) window.setTimeout(() => focusField(`${first.key}.name`), 0);
  };
  props.focusRef.current = focusFirstName;
  // Arriving at a room (picked, next room, the next on a walk, or the address bar): the first name.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, when the room opens
  useEffect(() => focusFirstName(), []);

  const list = households.data ?? [];
  const chosen =
    target && (target === NEW || list.some((h) => h.id === target))
      ? target
      : list.length === 1
        ? list[0]?.id
        : households.isSuccess && list.length === 0
          ? NEW
          : undefined;

  const reset = (householdId?: string) => {
    setRows([newRow()]);
    setErrors({});
    setDuplicates({});
    setBanner(null);
    setSaved(null);
    setSkipArmed(false);
    if (householdId) setTarget(householdId);
  };

  const updateRow = (key: string, patch: Partial<EntryRow>) => {
    setSkipArmed(false);
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
    const touched = Object.keys(patch) as EntryField[];
    setErrors((es) => {
      const row = es[key];
      if (!row || !touched.some((f) => row[f])) return es;
      const next = { ...row };
      for (const f of touched) delete next[f];
      return { ...es, [key]: next };
    });
    if (patch.idNumber !== undefined || patch.idType !== undefined)
      setDuplicates((d) => (key in d ? { ...d, [key]: undefined } : d));
  };

  const addRow = () => {
    const row = newRow();
    setRows((rs) => [...rs, row]);
    pendingFocus.current = `${row.key}.name`;
  };

  const removeRow = (key: string) => {
    const i = rows.findIndex((r) => r.key === key);
    if (i < 0) return;
    if (rows.length === 1) {
      setRows([newRow()]);
      return;
    }
    const rest = rows.filter((r) => r.key !== key);
    setRows(rest);
    const neighbour = rest[Math.min(i, rest.length - 1)];
    if (neighbour) pendingFocus.current = `${neighbour.key}.name`;
  };

  const moveNext = (rowKey: string, field: EntryField) => {
    if (field === 'idType') {
      focusField(`${rowKey}.idNumber`);
      return;
    }
    const next = ENTER_ORDER[ENTER_ORDER.indexOf(field) + 1];
    if (next) {
      focusField(`${rowKey}.${next}`);
      return;
    }
    const following = rows[rows.findIndex((row) => row.key === rowKey) + 1];
    if (following) focusField(`${following.key}.name`);
    else addButton.current?.focus();
  };

  const skip = () => {
    if (saving) return;
    // Typed persons are not thrown away by one keystroke: the first press asks, the second skips.
    if (rows.some((r) => !isBlank(r)) && !skipArmed) {
      setSkipArmed(true);
      setBanner(t('registry.entryPage.skipConfirm'));
      return;
    }
    props.onSkip();
  };

  const submit = async () => {
    if (saving || saved) return;
    setBanner(null);
    setSkipArmed(false);
    const filled = rows.filter((r) => !isBlank(r));
    if (filled.length === 0) {
      setBanner(t(walking ? 'registry.entryPage.nothingToSaveWalk' : 'registry.entryPage.nothingToSave'));
      focusFirstName();
      return;
    }
    const texts = {
      nameRequired: t('registry.entryPage.nameRequired'),
      docFormat: t('registry.hint.docFormat'),
      dateInvalid: t('registry.hint.dateInvalid'),
    };
    const found: RowErrors = {};
    for (const r of filled) {
      const e = checkRow(r, currentLanguage(), texts);
      if (Object.keys(e).length > 0) found[r.key] = e;
    }
    if (Object.keys(found).length > 0) {
      setErrors(found);
      setBanner(t('registry.entryPage.fixErrors'));
      const first = filled.find((r) => found[r.key]);
      const field = first && ENTER_ORDER.find((f) => found[first.key]?.[f]);
      if (first && field) focusField(`${first.key}.${field}`);
      return;
    }
    // Which household they join must be known: a second household is never made by accident.
    if (!households.isSuccess) {
      setBanner(households.isError ? t('error.loadFailed') : t('common.loading'));
      return;
    }
    if (!chosen) {
      setBanner(t('registry.entryPage.pickHousehold'));
      householdChoice.current?.querySelector<HTMLInputElement>('input')?.focus();
      return;
    }
    setErrors({});
    setDuplicates({});
    const persons = filled.map(toPersonInput);
    setSaving(true);
    try {
      // One request either way: the whole household, or all the new members, or nobody.
      let result: Saved;
      if (chosen === NEW) {
        const h = await createHousehold.mutateAsync({ roomId, persons });
        result = { roomId, householdId: h.id, address: h.address || props.address, persons: h.persons };
      } else {
        const added = await addPersons.mutateAsync({ householdId: chosen, persons });
        result = { roomId, householdId: chosen, address: added[0]?.address || props.address, persons: added };
      }
      if (walking) props.onSaved(result);
      else setSaved(result);
    } catch (error) {
      const mapped = problemToRows(error, (i) => (i === null ? undefined : filled[i]?.key));
      setErrors(mapped.errors);
      if (mapped.duplicate) setDuplicates({ [mapped.duplicate.rowKey]: mapped.duplicate.existingId });
      const main = mapped.placed
        ? t('registry.entryPage.fixErrors')
        : errorMessage(error, t('error.network'));
      setBanner([main, ...mapped.rest].join(t('registry.listSeparator')));
      const firstKey = Object.keys(mapped.errors)[0];
      const field = firstKey && ENTER_ORDER.find((f) => mapped.errors[firstKey]?.[f]);
      if (firstKey && field) focusField(`${firstKey}.${field}`);
    } finally {
      setSaving(false);
    }
  };

  /** Shortcuts for the whole room; Enter inside a field is handled by the field. */
  const onKeyDownCapture = (e: KeyboardEvent) => {
    if (e.nativeEvent.isComposing) return;
    const take = () => {
      e.preventDefault();
      e.stopPropagation();
    };
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      take();
      if (saved) props.onNextRoom();
      else void submit();
    } else if (saved) {
      return;
    } else if (e.altKey && e.code === 'KeyN') {
      take();
      addRow();
    } else if (e.altKey && e.code === 'KeyS' && walking) {
      take();
      skip();
    } else if (e.altKey && (e.key === 'Backspace' || e.key === 'Delete') && activeRow.current) {
      take();
      removeRow(activeRow.current);
    }
  };

  if (saved)
    return (
      <div onKeyDownCapture={onKeyDownCapture}>
        <SavedPanel
          saved={saved}
          nextRoomName={props.nextRoomName}
          onNext={props.onNextRoom}
          onAddMore={() => {
            reset(saved.householdId);
            focusFirstName();
          }}
          onOtherRoom={props.onOtherRoom}
          onOpenHousehold={() => props.onOpenHousehold(saved.householdId)}
        />
      </div>
    );

  const size = isMobile ? 'large' : 'middle';
  let householdInfo: ReactNode = null;
  if (households.isError)
    householdInfo = <LoadError compact error={households.error} onRetry={() => void households.refetch()} />;
  else if (households.isSuccess && list.length === 0)
    householdInfo = (
      <Typography.Text type="secondary" data-testid="entry-households">
        {t('registry.entryPage.noHousehold')}
      </Typography.Text>
    );
  else if (households.isSuccess)
    householdInfo = (
      <div ref={householdChoice} data-testid="entry-households" style={{ display: 'grid', gap: 6 }}>
        <Typography.Text>{t('registry.entryPage.joinWhich', { count: list.length })}</Typography.Text>
        <Radio.Group
          value={chosen}
          onChange={(e) => {
            setTarget(e.target.value);
            setBanner(null);
          }}
          style={{ display: 'grid', gap: isMobile ? 10 : 6 }}
          options={[
            ...list.map((h) => ({
              value: h.id,
              label: (
                <span>
                  {householdLabel(t, h)}{' '}
                  <Link to={`/registry/households/${h.id}`} tabIndex={-1}>
                    {t('registry.entryPage.viewHousehold')}
                  </Link>
                </span>
              ),
            })),
            { value: NEW, label: t('registry.entryPage.newHousehold') },
          ]}
        />
      </div>
    );

  return (
    <div onKeyDownCapture={onKeyDownCapture} style={{ display: 'grid', gap: 12, minWidth: 0 }}>
      {props.lastSaved && (
        <Alert
          type="success"
          showIcon
          data-testid="entry-last-saved"
          title={t('registry.entryPage.lastSaved', {
            address: props.lastSaved.address,
            names: props.lastSaved.persons.map((p) => p.name).join(t('registry.listSeparator')),
          })}
          action={
            <Link to={`/registry/households/${props.lastSaved.householdId}`} tabIndex={-1}>
              {t('registry.entryPage.viewHousehold')}
            </Link>
          }
        />
      )}
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' }}>
        <EnvironmentOutlined style={{ color: token.colorPrimary }} />
        <Typography.Text strong style={{ fontSize: isMobile ? 17 : 18 }} data-testid="entry-address">
          {props.address}
        </Typography.Text>
      </div>
      {householdInfo}
      {banner && (
        <Alert type={skipArmed ? 'warning' : 'error'} showIcon title={banner} data-testid="entry-banner" />
      )}
      <EntryGrid
        rows={rows}
        errors={errors}
        duplicates={duplicates}
        mobile={isMobile}
        register={register}
        openSelect={openSelect}
        onFocusRow={(key) => {
          activeRow.current = key;
        }}
        onChange={updateRow}
        onNext={moveNext}
        onRemove={removeRow}
      />
      <div
        style={{
          display: 'flex',
          gap: 8,
          flexWrap: 'wrap',
          alignItems: 'center',
          justifyContent: 'space-between',
        }}
      >
        <div
          style={{
            display: isMobile ? 'grid' : 'flex',
            gridTemplateColumns: isMobile && walking ? '1fr 1fr' : undefined,
            gap: 8,
            width: isMobile ? '100%' : undefined,
          }}
        >
          <Button
            ref={addButton}
            icon={<PlusOutlined />}
            onClick={addRow}
            size={size}
            block={isMobile}
            data-testid="entry-add-row"
          >
            {t('registry.entryPage.addRow')}
          </Button>
          {walking && (
            <Button
              icon={<FastForwardOutlined />}
              onClick={skip}
              size={size}
              block={isMobile}
              danger={skipArmed}
              data-testid="entry-skip"
            >
              {t('registry.entryPage.skip')}
            </Button>
          )}
          <Button
            type="primary"
            icon={<SaveOutlined />}
            onClick={() => void submit()}
            loading={saving}
            size={size}
            block={isMobile}
            style={isMobile && walking ? { gridColumn: '1 / -1' } : undefined}
            data-testid="entry-submit"
          >
            {saving
              ? t('registry.entryPage.saving')
              : t(walking ? 'registry.entryPage.submitNext' : 'registry.entryPage.submit')}
          </Button>
        </div>
        {!isMobile && <ShortcutHelp walking={walking} />}
      </div>
    </div>
  );
}

function Kbd({ children }: { children: ReactNode }) {
  const { token } = theme.useToken();
  return (
    <kbd
      style={{
        fontFamily: 'inherit',
        fontSize: 12,
        padding: '1px 6px',
        border: `1px solid ${token.colorBorder}`,
        borderBottomWidth: 2,
        borderRadius: 4,
        background: token.colorFillQuaternary,
        color: token.colorText,
      }}
    >
      {children}
    </kbd>
  );
}

function ShortcutHelp({ walking }: { walking: boolean }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const mod = isMac ? '⌘' : 'Ctrl';
  const alt = isMac ? '⌥' : 'Alt';
  const item = (keys: string[], label: string) => (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
      {keys.map((k) => (
        <Kbd key={k}>{k}</Kbd>
      ))}
      <span>{label}</span>
    </span>
  );
  return (
    <div
      style={{ display: 'flex', gap: 14, flexWrap: 'wrap', fontSize: 12, color: token.colorTextSecondary }}
      data-testid="entry-shortcuts"
    >
      {item(['Enter'], t('registry.entryPage.keyEnter'))}
      {item([alt, 'N'], t('registry.entryPage.keyAdd'))}
      {item([alt, '⌫'], t('registry.entryPage.keyRemove'))}
      {walking && item([alt, 'S'], t('registry.entryPage.keySkip'))}
      {item([mod, 'Enter'], t(walking ? 'registry.entryPage.keySaveNext' : 'registry.entryPage.keySave'))}
    </div>
  );
}

// ---- after saving (outside a walk) ----

function SavedPanel({
  saved,
  nextRoomName,
  onNext,
  onAddMore,
  onOtherRoom,
  onOpenHousehold,
}: {
  saved: Saved;
  nextRoomName?: string;
  onNext: () => void;
  onAddMore: () => void;
  onOtherRoom: () => void;
  onOpenHousehold: () => void;
}) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const isMobile = useIsMobile();
  const size = isMobile ? 'large' : 'middle';
  return (
    <Result
      status="success"
      icon={<CheckCircleFilled />}
      style={{ padding: isMobile ? '16px 0' : '24px 16px' }}
      title={
        <span data-testid="entry-saved">
          {t('registry.entryPage.savedTitle', { address: saved.address })}
        </span>
      }
      subTitle={t('registry.entryPage.savedSubtitle', { count: saved.persons.length })}
      extra={
        <div style={{ display: 'grid', gap: 16, justifyItems: 'center' }}>
          <ul
            style={{
              listStyle: 'none',
              margin: 0,
              padding: 0,
              display: 'grid',
              gap: 6,
              width: '100%',
              maxWidth: 560,
              textAlign: 'start',
            }}
            data-testid="entry-saved-persons"
          >
            {saved.persons.map((p) => (
              <li
                key={p.id}
                style={{
                  display: 'flex',
                  gap: 12,
                  flexWrap: 'wrap',
                  alignItems: 'baseline',
                  padding: '8px 12px',
                  border: `1px solid ${token.colorBorderSecondary}`,
                  borderRadius: token.borderRadius,
                  background: token.colorBgContainer,
                }}
              >
                <Link to={`/registry/persons/${p.id}`} style={{ fontWeight: 600 }}>
                  {p.name}
                </Link>
                {p.relation && (
                  <Typography.Text type="secondary">{t(`registry.relation.${p.relation}`)}</Typography.Text>
                )}
                {p.idNumber && <MaskedText value={p.idNumber} />}
                {p.phone && <MaskedText value={p.phone} />}
              </li>
            ))}
          </ul>
          <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', justifyContent: 'center' }}>
            {nextRoomName ? (
              <Button
                type="primary"
                size={size}
                icon={<ArrowRightOutlined />}
                onClick={onNext}
                autoFocus
                data-testid="entry-next-room"
              >
                {t('registry.entryPage.nextRoom', { room: nextRoomName })}
              </Button>
            ) : (
              <Typography.Text type="secondary" style={{ alignSelf: 'center' }}>
                {t('registry.entryPage.lastRoom')}
              </Typography.Text>
            )}
            <Button size={size} icon={<PlusOutlined />} onClick={onAddMore} autoFocus={!nextRoomName}>
              {t('registry.entryPage.addMore')}
            </Button>
            <Button size={size} icon={<HomeOutlined />} onClick={onOpenHousehold}>
              {t('registry.entryPage.viewHousehold')}
            </Button>
            <Button size={size} type="link" onClick={onOtherRoom}>
              {t('registry.entryPage.otherRoom')}
            </Button>
          </div>
        </div>
      }
    />
  );
}
