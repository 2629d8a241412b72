import { type GetRef, Select, theme } from 'antd';
import { createRef, type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UnitDto } from '../../../domain/units';
import { useAllChildren, useCompoundSearch, useOwnUnit, useUnitDetail } from './registry.api';

export interface PickedRoom {
  id: string;
  name: string;
  /** The entrance or building the room hangs under: its siblings are the "next rooms". */
  parentId: string;
  /** `如意家园 1号楼 1单元 1201`, as the server writes addresses. */
  address: string;
}

type Level = 'compound' | 'building' | 'entrance' | 'room';
type SelectRef = GetRef<typeof Select>;
interface Ref {
  id: string;
  name: string;
}
interface Picked {
  compound?: Ref;
  building?: Ref;
  entrance?: Ref;
  room?: Ref & { parentId: string };
}

export interface RoomPickerProps {
  value?: string;
  onChange: (room: PickedRoom | undefined) => void;
  /** Called when a room has been picked with the keyboard (or Enter is pressed on a picked room). */
  onDone?: () => void;
  layout?: 'row' | 'column';
  autoFocus?: boolean;
  size?: 'middle' | 'large';
  idPrefix?: string;
}

const byLabel = (input: string, label: string) => label.toLowerCase().includes(input.trim().toLowerCase());

/** Exact matches first, then names starting with what was typed, then the rest in grid order. */
function rank(input: string, label: string): number {
  const q = input.trim().toLowerCase();
  const l = label.toLowerCase();
  if (l === q) return 0;
  if (l.startsWith(q)) return 1;
  return 2;
}

function toOptions(units: UnitDto[] | undefined) {
  return (units ?? []).map((u) => ({ value: u.id, label: u.name }));
}

/**
 * Compound → building → entrance → room, each a type-ahead select. Picking one opens the next, so a
 * room is found with a few keystrokes: `如意` Enter `1` Enter `1` Enter `1201` Enter. Levels above the
 * account's own node are fixed; a building without entrances goes straight to its rooms.
 */
export function RoomPicker({
  value,
  onChange,
  onDone,
  layout = 'row',
  autoFocus,
  size = 'middle',
  idPrefix = 'room',
}: RoomPickerProps) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const own = useOwnUnit();
  const root = own.data;
  const [picked, setPicked] = useState<Picked>({});
  const [compoundQ, setCompoundQ] = useState('');
  const [debouncedQ, setDebouncedQ] = useState('');
  const [openLevel, setOpenLevel] = useState<Level | null>(null);
  const [pendingFocus, setPendingFocus] = useState<Level | 'afterBuilding' | null>(null);
  const refs = useMemo(
    () => ({
      compound: createRef<SelectRef>(),
      building: createRef<SelectRef>(),
      entrance: createRef<SelectRef>(),
      room: createRef<SelectRef>(),
    }),
    [],
  );
  const openRef = useRef<Level | null>(null);
  openRef.current = openLevel;

  useEffect(() => {
    const timer = window.setTimeout(() => setDebouncedQ(compoundQ.trim()), 250);
    return () => window.clearTimeout(timer);
  }, [compoundQ]);

  // Levels at and above the account's own node are fixed.
  const fixedCompound = root?.type === 'compound' ? { id: root.id, name: root.name } : undefined;
  const fixedBuilding = root?.type === 'building' ? { id: root.id, name: root.name } : undefined;
  const showCompound = root?.type !== 'building';
  const compound = fixedCompound ?? picked.compound;
  const building = fixedBuilding ?? picked.building;

  // A room given from outside (the address bar, "next room"): its ancestors fill the levels.
  const external = useUnitDetail(value && value !== picked.room?.id ? value : undefined);
  useEffect(() => {
    const d = external.data;
    if (d?.type !== 'household' || d.id !== value) return;
    const find = (type: string) => d.ancestors.find((a) => a.type === type);
    const ref = (a: { id: string; name: string } | undefined) => (a ? { id: a.id, name: a.name } : undefined);
    setPicked({
      compound: ref(find('compound')),
      building: ref(find('building')),
      entrance: ref(find('entrance')),
      room: { id: d.id, name: d.name, parentId: d.parentId ?? '' },
    });
  }, [external.data, value]);
  // The room cleared from outside (not merely not yet passed back down).
  const previousValue = useRef(value);
  useEffect(() => {
    if (previousValue.current && !value) setPicked((p) => ({ ...p, room: undefined }));
    previousValue.current = value;
  }, [value]);

  const compounds = useCompoundSearch(debouncedQ, showCompound && !fixedCompound && !!root);
  const buildings = useAllChildren(fixedBuilding ? undefined : compound?.id);
  const underBuilding = useAllChildren(building?.id);
  const entrances = useMemo(
    () => (underBuilding.data ?? []).filter((u) => u.type === 'entrance'),
    [underBuilding.data],
  );
  const hasEntrances = entrances.length > 0;
  const entranceRooms = useAllChildren(hasEntrances ? picked.entrance?.id : undefined);
  const rooms = useMemo(
    () =>
      hasEntrances
        ? (entranceRooms.data ?? []).filter((u) => u.type === 'household')
        : (underBuilding.data ?? []).filter((u) => u.type === 'household'),
    [hasEntrances, entranceRooms.data, underBuilding.data],
  );
  const roomsLoading = hasEntrances ? entranceRooms.isFetching : underBuilding.isFetching;

  const compoundOptions = useMemo(() => {
    const list = toOptions(compounds.data?.items);
    if (picked.compound && !list.some((o) => o.value === picked.compound?.id))
      list.unshift({ value: picked.compound.id, label: picked.compound.name });
    return list;
  }, [compounds.data, picked.compound]);

  const address = (room: Ref, p: Picked) =>
    [(fixedCompound ?? p.compound)?.name, (fixedBuilding ?? p.building)?.name, p.entrance?.name, room.name]
      .filter(Boolean)
      .join(' ');

  const emit = (p: Picked) => {
    setPicked(p);
    if (!p.room) {
      if (value) onChange(undefined);
      return;
    }
    onChange({ id: p.room.id, name: p.room.name, parentId: p.room.parentId, address: address(p.room, p) });
  };

  // Focus (and open) the next level once it can be used.
  useEffect(() => {
    if (!pendingFocus) return;
    let target: Level | null = null;
    if (pendingFocus === 'afterBuilding') {
      if (underBuilding.isPending) return;
      if (hasEntrances && entrances.length === 1 && !picked.entrance) {
        // One entrance only: take it and go on to the rooms.
        const only = entrances[0] as UnitDto;
        setPicked((p) => ({ ...p, entrance: { id: only.id, name: only.name }, room: undefined }));
        target = 'room';
      } else target = hasEntrances ? 'entrance' : 'room';
    } else target = pendingFocus;
    setPendingFocus(null);
    window.setTimeout(() => {
      refs[target].current?.focus();
      setOpenLevel(target);
    }, 0);
  }, [pendingFocus, underBuilding.isPending, hasEntrances, entrances, picked.entrance, refs]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: only once, when the account's node is known
  useEffect(() => {
    if (!autoFocus || !root || value) return;
    if (root.type === 'building') setPendingFocus('afterBuilding');
    else
      window.setTimeout(() => refs[root.type === 'compound' ? 'building' : 'compound'].current?.focus(), 0);
  }, [autoFocus, root?.id]);

  const onOpenChange = (level: Level) => (open: boolean) => {
    setOpenLevel((current) => (open ? level : current === level ? null : current));
  };

  /** Enter on a closed select that already has a value moves on instead of reopening it. */
  const onKeyDownCapture = (level: Level) => (e: KeyboardEvent) => {
    if (e.key !== 'Enter' || e.nativeEvent.isComposing || openRef.current === level) return;
    if (level === 'room' && picked.room) {
      e.preventDefault();
      e.stopPropagation();
      onDone?.();
    }
  };

  const select = (
    level: Level,
    opts: {
      value?: string;
      options: { value: string; label: string }[];
      disabled?: boolean;
      loading?: boolean;
      placeholder: string;
      notFound?: string;
      onPick: (id: string, label: string) => void;
      remoteSearch?: boolean;
    },
  ) => (
    <div
      key={level}
      style={{ display: 'grid', gap: 4, minWidth: 0 }}
      onKeyDownCapture={onKeyDownCapture(level)}
      data-testid={`room-picker-${level}`}
    >
      <label htmlFor={`${idPrefix}-${level}`} style={{ fontSize: 13, color: token.colorTextSecondary }}>
        {t(`registry.room.${level}`)}
      </label>
      <Select<string>
        ref={refs[level]}
        id={`${idPrefix}-${level}`}
        size={size}
        value={opts.value}
        options={opts.options}
        disabled={opts.disabled}
        loading={opts.loading}
        placeholder={opts.placeholder}
        open={openLevel === level}
        onOpenChange={onOpenChange(level)}
        showSearch={
          opts.remoteSearch
            ? { filterOption: false, onSearch: setCompoundQ }
            : {
                filterOption: (input, option) => byLabel(input, String(option?.label ?? '')),
                filterSort: (a, b, { searchValue }) =>
                  rank(searchValue, String(a.label)) - rank(searchValue, String(b.label)),
              }
        }
        notFoundContent={opts.loading ? t('common.loading') : (opts.notFound ?? t('common.empty'))}
        onChange={(id) => {
          const label = opts.options.find((o) => o.value === id)?.label ?? '';
          setOpenLevel(null);
          opts.onPick(id, label);
        }}
        style={{ width: '100%' }}
      />
    </div>
  );

  const levels: React.ReactNode[] = [];
  if (showCompound) {
    levels.push(
      select('compound', {
        value: compound?.id,
        options: fixedCompound ? [{ value: fixedCompound.id, label: fixedCompound.name }] : compoundOptions,
        disabled: !!fixedCompound,
        loading: own.isPending || compounds.isFetching,
        placeholder: t('registry.room.compoundPlaceholder'),
        notFound: compounds.isError ? t('error.loadFailed') : t('registry.room.noCompounds'),
        remoteSearch: true,
        onPick: (id, name) => {
          setCompoundQ('');
          emit({ compound: { id, name } });
          setPendingFocus('building');
        },
      }),
    );
  }
  levels.push(
    select('building', {
      value: building?.id,
      options: fixedBuilding
        ? [{ value: fixedBuilding.id, label: fixedBuilding.name }]
        : toOptions(buildings.data?.filter((u) => u.type === 'building')),
      disabled: !!fixedBuilding || !compound,
      loading: buildings.isFetching,
      placeholder: t('registry.room.buildingPlaceholder'),
      onPick: (id, name) => {
        emit({ compound: picked.compound, building: { id, name } });
        setPendingFocus('afterBuilding');
      },
    }),
  );
  levels.push(
    select('entrance', {
      value: hasEntrances ? picked.entrance?.id : undefined,
      options: toOptions(entrances),
      disabled: !building || (!underBuilding.isPending && !hasEntrances),
      loading: underBuilding.isFetching,
      placeholder:
        building && !underBuilding.isPending && !hasEntrances
          ? t('registry.room.noEntrance')
          : t('registry.room.entrancePlaceholder'),
      onPick: (id, name) => {
        emit({ compound: picked.compound, building: picked.building, entrance: { id, name } });
        setPendingFocus('room');
      },
    }),
  );
  const roomParent = hasEntrances ? picked.entrance?.id : building?.id;
  levels.push(
    select('room', {
      value: picked.room?.id,
      options: toOptions(rooms),
      disabled: !roomParent || (hasEntrances && !picked.entrance),
      loading: roomsLoading,
      placeholder: t('registry.room.roomPlaceholder'),
      notFound: (hasEntrances ? entranceRooms.isError : underBuilding.isError)
        ? t('error.loadFailed')
        : t('registry.room.none'),
      onPick: (id, name) => {
        emit({ ...picked, room: { id, name, parentId: roomParent ?? '' } });
        onDone?.();
      },
    }),
  );

  return (
    <div
      data-testid="room-picker"
      style={{
        display: 'grid',
        gap: layout === 'row' ? 12 : 10,
        gridTemplateColumns: layout === 'row' ? `repeat(${levels.length}, minmax(0, 1fr))` : 'minmax(0, 1fr)',
      }}
    >
      {levels}
    </div>
  );
}
