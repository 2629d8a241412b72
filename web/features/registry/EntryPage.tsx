import {
  ArrowRightOutlined,
  CheckCircleFilled,
  DeleteOutlined,
  EnvironmentOutlined,
  HomeOutlined,
  PlusOutlined,
  SaveOutlined,
  SearchOutlined,
} from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  type GetRef,
  Input,
  type InputRef,
  Result,
  Select,
  Space,
  Tag,
  Typography,
  theme,
} from 'antd';
import { type KeyboardEvent, type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { message } from '../../../domain/messages';
import {
  CARE_FLAGS,
  ID_TYPES,
  type PersonDto,
  type PersonInput,
  RELATIONS,
  TRANSPORTS,
} from '../../../domain/registry';
import type { UnitDetailDto } from '../../../domain/units';
import { currentLanguage } from '../../app/i18n';
import { errorMessage, LoadError, Loading } from '../../components/states';
import { useIsMobile } from '../../components/use-is-mobile';
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
import { MaskedText } from './person-display';
import { ageOn, groupMobile, idHint, parseDay, phoneHint } from './person-format';
import { RoomPicker } from './RoomPicker';
import {
  createPerson,
  invalidateRegistry,
  useAllChildren,
  useCreateHousehold,
  useRoomHouseholds,
  useUnitDetail,
} from './registry.api';

type SelectRef = GetRef<typeof Select>;
type Focusable = { focus: () => void };

interface Saved {
  roomId: string;
  householdId: string;
  address: string;
  persons: PersonDto[];
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

function addressOf(room: UnitDetailDto): string {
  const shown = new Set(['compound', 'building', 'entrance']);
  return [...room.ancestors.filter((a) => shown.has(a.type)).map((a) => a.name), room.name].join(' ');
}

/**
 * Telephone entry (电话登记): staff on the phone with a resident pick the room, then type the whole
 * household in one table without touching the mouse. Enter moves on, Alt+N adds a person, Ctrl+Enter
 * saves; after saving, "next room" goes on to the following room of the same entrance.
 */
export function EntryPage() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const roomId = params.get('room') ?? undefined;
  const room = useUnitDetail(roomId);
  const households = useRoomHouseholds(roomId);
  const existing = households.data?.[0];
  const siblings = useAllChildren(room.data?.parentId ?? undefined);
  const createHousehold = useCreateHousehold();

  const [rows, setRows] = useState<EntryRow[]>(() => [newRow()]);
  const [errors, setErrors] = useState<RowErrors>({});
  const [duplicates, setDuplicates] = useState<Record<string, string | undefined>>({});
  const [banner, setBanner] = useState<ReactNode>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<Saved | null>(null);

  const fields = useRef(new Map<string, Focusable>());
  const openSelect = useRef<string | null>(null);
  const activeRow = useRef<string | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const pendingFocus = useRef<string | null>(null);

  const register = useCallback((key: string, el: Focusable | null) => {
    if (el) fields.current.set(key, el);
    else fields.current.delete(key);
  }, []);
  const focusField = useCallback((key: string) => {
    const el = fields.current.get(key);
    if (el) {
      el.focus();
      return true;
    }
    pendingFocus.current = key;
    return false;
  }, []);
  // A field that did not exist yet (a new row) gets the focus once rendered.
  useEffect(() => {
    const key = pendingFocus.current;
    if (key && fields.current.has(key)) {
      pendingFocus.current = null;
      fields.current.get(key)?.focus();
    }
  });

  const nextRoom = useMemo(() => {
    const list = (siblings.data ?? []).filter((u) => u.type === 'household');
    const i = list.findIndex((u) => u.id === roomId);
    return i >= 0 ? list[i + 1] : undefined;
  }, [siblings.data, roomId]);

  const address = room.data ? addressOf(room.data) : '';
  const ready = !!roomId && room.data?.type === 'household';

  const reset = () => {
    setRows([newRow()]);
    setErrors({});
    setDuplicates({});
    setBanner(null);
    setSaved(null);
  };

  const pickRoom = (id: string | undefined) => {
    setErrors({});
    setDuplicates({});
    setBanner(null);
    setSaved(null);
    setParams(id ? { room: id } : {}, { replace: !!roomId });
  };

  const focusFirstName = () => {
    const first = rows[0];
    if (first) window.setTimeout(() => focusField(`${first.key}.name`), 0);
  };

  const goNextRoom = () => {
    if (!nextRoom) return;
    reset();
    setParams({ room: nextRoom.id });
  };

  // Arriving at a room (picked, next room, or from the address bar): the first name is next.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the room changes
  useEffect(() => {
    if (ready && !saved) focusFirstName();
  }, [ready, roomId]);

  const updateRow = (key: string, patch: Partial<EntryRow>) => {
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
      setDuplicates((d) => (d[key] !== undefined || key in d ? { ...d, [key]: undefined } : d));
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
    const i = ENTER_ORDER.indexOf(field);
    const next = ENTER_ORDER[i + 1];
    if (next) {
      focusField(`${rowKey}.${next}`);
      return;
    }
    const r = rows.findIndex((row) => row.key === rowKey);
    const following = rows[r + 1];
    if (following) focusField(`${following.key}.name`);
    else addButton.current?.focus();
  };

  const submit = async () => {
    if (!roomId || saving || saved) return;
    setBanner(null);
    const locale = currentLanguage();
    const texts = {
      nameRequired: t('registry.entryPage.nameRequired'),
      docFormat: t('registry.hint.docFormat'),
      dateInvalid: t('registry.hint.dateInvalid'),
    };
    const filled = rows.filter((r) => !isBlank(r));
    if (filled.length === 0) {
      setBanner(t('registry.entryPage.nothingToSave'));
      focusFirstName();
      return;
    }
    const found: RowErrors = {};
    for (const r of filled) {
      const e = checkRow(r, locale, texts);
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
    setErrors({});
    setDuplicates({});
    const bodies: PersonInput[] = filled.map(toPersonInput);

    const showProblem = (error: unknown, rowOf: (i: number | null) => string | undefined, savedCount = 0) => {
      const mapped = problemToRows(error, rowOf);
      setErrors(mapped.errors);
      if (mapped.duplicate) setDuplicates({ [mapped.duplicate.rowKey]: mapped.duplicate.existingId });
      const prefix =
        savedCount > 0 ? `${t('registry.entryPage.partlySaved', { saved: String(savedCount) })} ` : '';
      const main = mapped.placed
        ? t('registry.entryPage.fixErrors')
        : errorMessage(error, t('error.network'));
      setBanner([prefix + main, ...mapped.rest].join(t('registry.listSeparator')));
      const firstKey = Object.keys(mapped.errors)[0];
      const field = firstKey && ENTER_ORDER.find((f) => mapped.errors[firstKey]?.[f]);
      if (firstKey && field) focusField(`${firstKey}.${field}`);
    };

    setSaving(true);
    try {
      if (!existing) {
        try {
          const h = await createHousehold.mutateAsync({ roomId, persons: bodies });
          setSaved({ roomId, householdId: h.id, address: h.address || address, persons: h.persons });
        } catch (error) {
          showProblem(error, (i) => (i === null ? undefined : filled[i]?.key));
        }
        return;
      }
      // The room has a household already: its new members are added one by one.
      const done: PersonDto[] = [];
      for (const [i, body] of bodies.entries()) {
        const row = filled[i] as EntryRow;
        try {
          done.push(await createPerson({ ...body, householdId: existing.id }));
        } catch (error) {
          const savedKeys = new Set(filled.slice(0, i).map((r) => r.key));
          if (savedKeys.size > 0) setRows((rs) => rs.filter((r) => !savedKeys.has(r.key)));
          showProblem(error, () => row.key, done.length);
          await invalidateRegistry(queryClient);
          return;
        }
      }
      await invalidateRegistry(queryClient);
      setSaved({ roomId, householdId: existing.id, address, persons: done });
    } finally {
      setSaving(false);
    }
  };

  /** Shortcuts for the whole screen; Enter inside a field is handled by the field. */
  const onKeyDownCapture = (e: KeyboardEvent) => {
    if (e.nativeEvent.isComposing) return;
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      e.stopPropagation();
      if (saved) goNextRoom();
      else void submit();
      return;
    }
    if (saved || !ready) return;
    if (e.altKey && e.code === 'KeyN') {
      e.preventDefault();
      e.stopPropagation();
      addRow();
      return;
    }
    if (e.altKey && (e.key === 'Backspace' || e.key === 'Delete') && activeRow.current) {
      e.preventDefault();
      e.stopPropagation();
      removeRow(activeRow.current);
    }
  };

  const size = isMobile ? 'large' : 'middle';

  const header = (
    <div style={{ display: 'grid', gap: 4 }}>
      <Typography.Text type="secondary">{t('registry.entryPage.intro')}</Typography.Text>
    </div>
  );

  let persons: ReactNode = null;
  if (!roomId) {
    persons = (
      <Typography.Text type="secondary" data-testid="entry-pick-room">
        {t('registry.entryPage.pickRoomFirst')}
      </Typography.Text>
    );
  } else if (room.isPending) {
    persons = <Loading />;
  } else if (room.isError) {
    persons = <LoadError compact error={room.error} onRetry={() => void room.refetch()} />;
  } else if (!ready) {
    persons = <Alert type="warning" showIcon title={t('registry.entryPage.pickRoomFirst')} />;
  } else if (saved) {
    persons = (
      <SavedPanel
        saved={saved}
        nextRoomName={nextRoom?.name}
        onNext={goNextRoom}
        onAddMore={() => {
          reset();
          focusFirstName();
        }}
        onOtherRoom={() => {
          reset();
          setParams({});
        }}
        onOpenHousehold={() => navigate(`/registry/households/${saved.householdId}`)}
      />
    );
  } else {
    persons = (
      <div style={{ display: 'grid', gap: 12 }}>
        <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' }}>
          <EnvironmentOutlined style={{ color: token.colorPrimary }} />
          <Typography.Text strong style={{ fontSize: 16 }} data-testid="entry-address">
            {address}
          </Typography.Text>
        </div>
        {households.isError && (
          <LoadError compact error={households.error} onRetry={() => void households.refetch()} />
        )}
        {existing && (
          <Alert
            type="info"
            showIcon
            data-testid="entry-existing"
            title={t('registry.entryPage.existing', {
              count: existing.persons.length,
              names: existing.persons.map((p) => p.name).join(t('registry.listSeparator')),
            })}
            action={
              <Link to={`/registry/households/${existing.id}`}>{t('registry.entryPage.viewHousehold')}</Link>
            }
          />
        )}
        {banner && <Alert type="error" showIcon title={banner} data-testid="entry-banner" />}
        <PersonGrid
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
          <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', width: isMobile ? '100%' : undefined }}>
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
            <Button
              type="primary"
              icon={<SaveOutlined />}
              onClick={() => void submit()}
              loading={saving}
              size={size}
              block={isMobile}
              data-testid="entry-submit"
            >
              {saving ? t('registry.entryPage.saving') : t('registry.entryPage.submit')}
            </Button>
          </div>
          {!isMobile && <ShortcutHelp />}
        </div>
      </div>
    );
  }

  return (
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
      <div onKeyDownCapture={onKeyDownCapture} data-testid="entry-page" style={{ display: 'grid', gap: 20 }}>
        {header}
        <Section n={1} title={t('registry.entryPage.stepRoom')}>
          <RoomPicker
            value={roomId}
            onChange={(r) => pickRoom(r?.id)}
            onDone={focusFirstName}
            layout={isMobile ? 'column' : 'row'}
            autoFocus={!roomId}
            size={size}
            idPrefix="entry-room"
          />
        </Section>
        <Section n={2} title={t('registry.entryPage.stepPersons')}>
          {persons}
        </Section>
      </div>
    </Card>
  );
}

function Section({ n, title, children }: { n: number; title: string; children: ReactNode }) {
  const { token } = theme.useToken();
  return (
    <section style={{ display: 'grid', gap: 12 }}>
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

function ShortcutHelp() {
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
      {item([mod, 'Enter'], t('registry.entryPage.keySave'))}
    </div>
  );
}

// ---- the table of persons ----

interface GridProps {
  rows: EntryRow[];
  errors: RowErrors;
  duplicates: Record<string, string | undefined>;
  mobile: boolean;
  register: (key: string, el: Focusable | null) => void;
  openSelect: React.MutableRefObject<string | null>;
  onFocusRow: (key: string) => void;
  onChange: (key: string, patch: Partial<EntryRow>) => void;
  onNext: (rowKey: string, field: EntryField) => void;
  onRemove: (key: string) => void;
}

const COLUMNS =
  '24px minmax(80px, 0.8fr) minmax(256px, 2.4fr) minmax(124px, 1.2fr) minmax(96px, 0.8fr) minmax(130px, 1.3fr) minmax(84px, 0.8fr) minmax(100px, 0.8fr) minmax(84px, 0.7fr) 32px';

const HEADER_FIELDS = [
  'name',
  'idNumber',
  'phone',
  'relation',
  'careFlags',
  'travelFrom',
  'returnedOn',
  'transport',
] as const;

function PersonGrid(props: GridProps) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  if (props.mobile) {
    return (
      <div style={{ display: 'grid', gap: 12 }} data-testid="entry-rows">
        {props.rows.map((row, i) => (
          <PersonRow key={row.key} row={row} index={i} {...props} />
        ))}
      </div>
    );
  }
  return (
    <div style={{ overflowX: 'auto' }}>
      <div style={{ minWidth: 1080 }} data-testid="entry-rows">
        <div
          style={{
            display: 'grid',
            gridTemplateColumns: COLUMNS,
            gap: 8,
            padding: '8px 8px',
            background: token.colorFillQuaternary,
            borderRadius: `${token.borderRadius}px ${token.borderRadius}px 0 0`,
            border: `1px solid ${token.colorBorderSecondary}`,
            fontSize: 13,
            color: token.colorTextSecondary,
            fontWeight: 500,
          }}
        >
          <span>#</span>
          {HEADER_FIELDS.map((f) => (
            <span key={f}>{t(`registry.field.${f}`)}</span>
          ))}
          <span />
        </div>
        {props.rows.map((row, i) => (
          <PersonRow key={row.key} row={row} index={i} {...props} />
        ))}
      </div>
    </div>
  );
}

function Hint({ tone, children, testId }: { tone?: 'error' | 'ok'; children: ReactNode; testId?: string }) {
  const { token } = theme.useToken();
  if (!children) return null;
  const color =
    tone === 'error' ? token.colorError : tone === 'ok' ? token.colorSuccessText : token.colorTextTertiary;
  return (
    <div
      data-testid={testId}
      role={tone === 'error' ? 'alert' : undefined}
      style={{ fontSize: 12, color, lineHeight: 1.4, marginTop: 2 }}
    >
      {children}
    </div>
  );
}

function PersonRow({
  row,
  index,
  errors,
  duplicates,
  mobile,
  register,
  openSelect,
  onFocusRow,
  onChange,
  onNext,
  onRemove,
  rows,
}: GridProps & { row: EntryRow; index: number }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const rowErrors = errors[row.key] ?? {};
  const k = (f: EntryField) => `${row.key}.${f}`;
  const id = (f: EntryField) => `entry-${index}-${f}`;
  const size = mobile ? 'large' : 'middle';
  const hasDuplicate = row.key in duplicates;
  const existingId = duplicates[row.key];

  const inputRef = (f: EntryField) => (el: InputRef | null) => register(k(f), el);
  const selectRef = (f: EntryField) => (el: SelectRef | null) => register(k(f), el);

  /** Enter in a text field moves on (never while an IME is composing Chinese). */
  const enterNext = (f: EntryField) => (e: KeyboardEvent) => {
    if (e.key !== 'Enter' || e.ctrlKey || e.metaKey || e.altKey || e.nativeEvent.isComposing) return;
    e.preventDefault();
    onNext(row.key, f);
  };
  /**
   * On a select, Enter picks what was typed from the open list; on a closed list, or an open one with
   * nothing typed and a value chosen already (several care flags), it moves on.
   */
  const selectEnter = (f: EntryField, hasValue: boolean) => (e: KeyboardEvent) => {
    if (e.key !== 'Enter' || e.ctrlKey || e.metaKey || e.altKey || e.nativeEvent.isComposing) return;
    const typed = (e.target as HTMLInputElement).value ?? '';
    if (openSelect.current === k(f) && (typed !== '' || !hasValue)) return;
    e.preventDefault();
    e.stopPropagation();
    onNext(row.key, f);
  };
  const trackOpen = (f: EntryField) => (open: boolean) => {
    if (open) openSelect.current = k(f);
    else if (openSelect.current === k(f)) openSelect.current = null;
  };

  // ---- hints derived while typing ----
  const idh = idHint(row.idType, row.idNumber);
  let idText: ReactNode = null;
  let idTone: 'error' | 'ok' | undefined;
  if (idh.kind === 'ok') {
    idTone = 'ok';
    idText = t('registry.hint.idOk', {
      sex: t(`registry.sex.${idh.sex}`),
      birth: idh.birthDate,
      age: String(ageOn(idh.birthDate) ?? 0),
    });
  } else if (idh.kind === 'typing') {
    idText = [
      t('registry.hint.idTyping', { count: idh.count }),
      idh.birthDate ? t('registry.hint.idBirth', { birth: idh.birthDate }) : '',
      idh.sex ? t(`registry.sex.${idh.sex}`) : '',
    ]
      .filter(Boolean)
      .join(' · ');
  } else if (idh.kind === 'error') {
    idTone = 'error';
    idText = message(idh.key, currentLanguage());
  } else if (idh.kind === 'docError') {
    idTone = 'error';
    idText = t('registry.hint.docFormat');
  }
  if (rowErrors.idNumber) {
    idTone = 'error';
    idText = rowErrors.idNumber;
  }

  const ph = phoneHint(row.phone);
  let phoneText: ReactNode = null;
  let phoneTone: 'error' | 'ok' | undefined;
  if (ph.kind === 'ok') {
    phoneTone = 'ok';
    phoneText = t('registry.hint.phoneOk', { phone: groupMobile(ph.value) });
  } else if (ph.kind === 'typing') phoneText = t('registry.hint.phoneTyping', { count: ph.count });
  else if (ph.kind === 'error') {
    phoneTone = 'error';
    phoneText = message('err.phone.mobile', currentLanguage());
  }
  if (rowErrors.phone) {
    phoneTone = 'error';
    phoneText = rowErrors.phone;
  }

  const day = row.returnedOn.trim() ? parseDay(row.returnedOn) : null;
  let dateText: ReactNode = null;
  let dateTone: 'error' | 'ok' | undefined;
  if (row.returnedOn.trim()) {
    if (day) {
      dateTone = 'ok';
      dateText = day === row.returnedOn.trim() ? null : t('registry.hint.dateOk', { date: day });
    } else {
      dateTone = 'error';
      dateText = t('registry.hint.dateInvalid');
    }
  }
  if (rowErrors.returnedOn) {
    dateTone = 'error';
    dateText = rowErrors.returnedOn;
  }

  const status = (f: EntryField, tone?: 'error' | 'ok') =>
    rowErrors[f] || tone === 'error' ? ('error' as const) : undefined;

  const cells: { field: EntryField | 'id'; node: ReactNode }[] = [
    {
      field: 'name',
      node: (
        <>
          <Input
            ref={inputRef('name')}
            id={id('name')}
            value={row.name}
            maxLength={50}
            autoComplete="off"
            size={size}
            status={status('name')}
            placeholder={t('registry.field.name')}
            aria-label={`${t('registry.entryPage.rowLabel', { n: String(index + 1) })} ${t('registry.field.name')}`}
            onChange={(e) => onChange(row.key, { name: e.target.value })}
            onKeyDown={enterNext('name')}
          />
          <Hint tone="error">{rowErrors.name}</Hint>
        </>
      ),
    },
    {
      field: 'id',
      node: (
        <>
          <div
            onKeyDownCapture={(e) => {
              if ((e.target as HTMLElement).id === id('idType')) selectEnter('idType', true)(e);
            }}
          >
            <Space.Compact style={{ width: '100%' }}>
              <Select
                ref={selectRef('idType')}
                id={id('idType')}
                value={row.idType}
                size={size}
                popupMatchSelectWidth={false}
                aria-label={t('registry.field.idType')}
                options={ID_TYPES.map((v) => ({ value: v, label: t(`registry.idTypeShort.${v}`) }))}
                onOpenChange={trackOpen('idType')}
                onChange={(v) => {
                  onChange(row.key, { idType: v });
                  onNext(row.key, 'idType');
                }}
                style={{ width: mobile ? 104 : 84, flex: 'none' }}
              />
              <Input
                ref={inputRef('idNumber')}
                id={id('idNumber')}
                value={row.idNumber}
                maxLength={30}
                autoComplete="off"
                spellCheck={false}
                size={size}
                status={status('idNumber', idTone)}
                placeholder={t('registry.field.idNumber')}
                aria-label={`${t('registry.entryPage.rowLabel', { n: String(index + 1) })} ${t('registry.field.idNumber')}`}
                onChange={(e) => onChange(row.key, { idNumber: e.target.value.toUpperCase() })}
                onKeyDown={enterNext('idNumber')}
                style={{
                  fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
                  fontSize: mobile ? 16 : 13,
                  minWidth: 0,
                }}
              />
            </Space.Compact>
          </div>
          <Hint tone={idTone} testId={`entry-${index}-id-hint`}>
            {idText}
          </Hint>
          {hasDuplicate && existingId && (
            <div style={{ fontSize: 12, marginTop: 2 }}>
              <Link to={`/registry/persons/${existingId}`} data-testid={`entry-${index}-existing`}>
                {t('registry.entryPage.openExisting')} <ArrowRightOutlined />
              </Link>
            </div>
          )}
        </>
      ),
    },
    {
      field: 'phone',
      node: (
        <>
          <Input
            ref={inputRef('phone')}
            id={id('phone')}
            value={row.phone}
            maxLength={30}
            inputMode="tel"
            autoComplete="off"
            size={size}
            status={status('phone', phoneTone)}
            placeholder={t('registry.field.phone')}
            aria-label={`${t('registry.entryPage.rowLabel', { n: String(index + 1) })} ${t('registry.field.phone')}`}
            onChange={(e) => onChange(row.key, { phone: e.target.value })}
            onKeyDown={enterNext('phone')}
          />
          <Hint tone={phoneTone} testId={`entry-${index}-phone-hint`}>
            {phoneText}
          </Hint>
        </>
      ),
    },
    {
      field: 'relation',
      node: (
        <div onKeyDownCapture={selectEnter('relation', !!row.relation)}>
          <Select
            ref={selectRef('relation')}
            id={id('relation')}
            value={row.relation}
            size={size}
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('registry.field.relation')}
            aria-label={t('registry.field.relation')}
            popupMatchSelectWidth={false}
            options={RELATIONS.map((v) => ({ value: v, label: t(`registry.relation.${v}`) }))}
            onOpenChange={trackOpen('relation')}
            onChange={(v) => {
              onChange(row.key, { relation: v });
              if (v) onNext(row.key, 'relation');
            }}
            style={{ width: '100%' }}
          />
          <Hint tone="error">{rowErrors.relation}</Hint>
        </div>
      ),
    },
    {
      field: 'careFlags',
      node: (
        <div onKeyDownCapture={selectEnter('careFlags', row.careFlags.length > 0)}>
          <Select
            ref={selectRef('careFlags')}
            id={id('careFlags')}
            mode="multiple"
            value={row.careFlags}
            size={size}
            maxTagCount="responsive"
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('registry.field.careFlags')}
            aria-label={t('registry.field.careFlags')}
            popupMatchSelectWidth={false}
            options={CARE_FLAGS.map((v) => ({ value: v, label: t(`registry.careFlag.${v}`) }))}
            onOpenChange={trackOpen('careFlags')}
            onChange={(v) => onChange(row.key, { careFlags: v })}
            style={{ width: '100%' }}
          />
          <Hint tone="error">{rowErrors.careFlags}</Hint>
        </div>
      ),
    },
    {
      field: 'travelFrom',
      node: (
        <>
          <Input
            ref={inputRef('travelFrom')}
            id={id('travelFrom')}
            value={row.travelFrom}
            maxLength={100}
            autoComplete="off"
            size={size}
            status={status('travelFrom')}
            placeholder={t('registry.travelFromPlaceholder')}
            aria-label={t('registry.field.travelFrom')}
            onChange={(e) => onChange(row.key, { travelFrom: e.target.value })}
            onKeyDown={enterNext('travelFrom')}
          />
          <Hint tone="error">{rowErrors.travelFrom}</Hint>
        </>
      ),
    },
    {
      field: 'returnedOn',
      node: (
        <>
          <Input
            ref={inputRef('returnedOn')}
            id={id('returnedOn')}
            value={row.returnedOn}
            maxLength={12}
            autoComplete="off"
            size={size}
            status={status('returnedOn', dateTone)}
            placeholder="2020-01-21"
            aria-label={t('registry.field.returnedOn')}
            onChange={(e) => onChange(row.key, { returnedOn: e.target.value })}
            onKeyDown={enterNext('returnedOn')}
          />
          <Hint tone={dateTone}>{dateText}</Hint>
        </>
      ),
    },
    {
      field: 'transport',
      node: (
        <div onKeyDownCapture={selectEnter('transport', !!row.transport)}>
          <Select
            ref={selectRef('transport')}
            id={id('transport')}
            value={row.transport}
            size={size}
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('registry.field.transport')}
            aria-label={t('registry.field.transport')}
            popupMatchSelectWidth={false}
            options={TRANSPORTS.map((v) => ({ value: v, label: t(`registry.transport.${v}`) }))}
            onOpenChange={trackOpen('transport')}
            onChange={(v) => {
              onChange(row.key, { transport: v });
              if (v) onNext(row.key, 'transport');
            }}
            style={{ width: '100%' }}
          />
          <Hint tone="error">{rowErrors.transport}</Hint>
        </div>
      ),
    },
  ];

  const remove = (
    <Button
      type="text"
      tabIndex={-1}
      icon={<DeleteOutlined />}
      aria-label={t('registry.entryPage.removeRow')}
      title={t('registry.entryPage.removeRow')}
      onClick={() => onRemove(row.key)}
      disabled={rows.length === 1 && isBlank(row)}
      data-testid={`entry-${index}-remove`}
    />
  );

  const rowError = rowErrors.row ? <Hint tone="error">{rowErrors.row}</Hint> : null;

  if (mobile) {
    const labels: Record<string, string> = {
      name: t('registry.field.name'),
      id: t('registry.field.idNumber'),
      phone: t('registry.field.phone'),
      relation: t('registry.field.relation'),
      careFlags: t('registry.field.careFlags'),
      travelFrom: t('registry.field.travelFrom'),
      returnedOn: t('registry.field.returnedOn'),
      transport: t('registry.field.transport'),
    };
    return (
      <fieldset
        data-testid={`entry-row-${index}`}
        onFocus={() => onFocusRow(row.key)}
        style={{
          border: `1px solid ${token.colorBorderSecondary}`,
          borderRadius: token.borderRadiusLG,
          padding: 12,
          margin: 0,
          display: 'grid',
          gap: 10,
          background: token.colorBgContainer,
        }}
      >
        <legend style={{ display: 'contents' }}>
          <span style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}>
            <Tag color="blue" style={{ marginInlineEnd: 0 }}>
              {t('registry.entryPage.rowLabel', { n: String(index + 1) })}
            </Tag>
            {remove}
          </span>
        </legend>
        {cells.map((c) => (
          <div key={c.field} style={{ display: 'grid', gap: 4 }}>
            <label
              htmlFor={c.field === 'id' ? id('idNumber') : id(c.field as EntryField)}
              style={{ fontSize: 13, color: token.colorTextSecondary }}
            >
              {labels[c.field]}
            </label>
            <div>{c.node}</div>
          </div>
        ))}
        {rowError}
      </fieldset>
    );
  }

  return (
    <fieldset
      data-testid={`entry-row-${index}`}
      aria-label={t('registry.entryPage.rowLabel', { n: String(index + 1) })}
      onFocus={() => onFocusRow(row.key)}
      style={{
        margin: 0,
        minWidth: 0,
        borderTop: 'none',
        padding: '10px 8px',
        borderInline: `1px solid ${token.colorBorderSecondary}`,
        borderBottom: `1px solid ${token.colorBorderSecondary}`,
        borderRadius:
          index === rows.length - 1 ? `0 0 ${token.borderRadius}px ${token.borderRadius}px` : undefined,
        background: Object.keys(rowErrors).length > 0 ? token.colorErrorBg : token.colorBgContainer,
      }}
    >
      <div style={{ display: 'grid', gridTemplateColumns: COLUMNS, gap: 8, alignItems: 'start' }}>
        <span
          style={{ lineHeight: '32px', color: token.colorTextTertiary, fontVariantNumeric: 'tabular-nums' }}
        >
          {index + 1}
        </span>
        {cells.map((c) => (
          <div key={c.field} style={{ minWidth: 0 }}>
            {c.node}
          </div>
        ))}
        <span>{remove}</span>
      </div>
      {rowError && <div style={{ paddingInlineStart: 36 }}>{rowError}</div>}
    </fieldset>
  );
}

// ---- after saving ----

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
