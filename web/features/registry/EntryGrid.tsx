import { ArrowRightOutlined, DeleteOutlined } from '@ant-design/icons';
import { Button, type GetRef, Input, type InputRef, Select, Space, Tag, theme } from 'antd';
import type { CSSProperties, KeyboardEvent, MutableRefObject, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { message } from '../../../domain/messages';
import { CARE_FLAGS, ID_TYPES, RELATIONS, TRANSPORTS } from '../../../domain/registry';
import { currentLanguage } from '../../app/i18n';
import { ENTER_ORDER, type EntryField, type EntryRow, isBlank, type RowErrors } from './entry-rows';
import { ageOn, groupMobile, idHint, parseDay, phoneHint } from './person-format';

type SelectRef = GetRef<typeof Select>;
export type Focusable = { focus: () => void };

export interface GridProps {
  rows: EntryRow[];
  errors: RowErrors;
  duplicates: Record<string, string | undefined>;
  mobile: boolean;
  register: (key: string, el: Focusable | null) => void;
  openSelect: MutableRefObject<string | null>;
  onFocusRow: (key: string) => void;
  onChange: (key: string, patch: Partial<EntryRow>) => void;
  onNext: (rowKey: string, field: EntryField) => void;
  onRemove: (key: string) => void;
}

/** Number, the eight fields in ENTER_ORDER, and the remove button. */
const COLUMNS =
  '24px minmax(80px, 0.8fr) minmax(256px, 2.4fr) minmax(124px, 1.2fr) minmax(96px, 0.8fr) minmax(130px, 1.3fr) minmax(84px, 0.8fr) minmax(100px, 0.8fr) minmax(84px, 0.7fr) 32px';

/**
 * The persons being typed in: one editor for every width. On a desktop the rows line up under one
 * header as a table; on a phone each row is a card with a label above every field.
 */
export function EntryGrid(props: GridProps) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const rows = props.rows.map((row, i) => <PersonRow key={row.key} row={row} index={i} {...props} />);
  if (props.mobile)
    return (
      <div style={{ display: 'grid', gap: 12 }} data-testid="entry-rows">
        {rows}
      </div>
    );
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
          {ENTER_ORDER.map((f) => (
            <span key={f}>{t(`registry.field.${f}`)}</span>
          ))}
          <span />
        </div>
        {rows}
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

type Tone = 'error' | 'ok' | undefined;

/** What the typed ID number, phone and date already say, before anything is sent. */
function useHints(row: EntryRow, rowErrors: RowErrors[string]) {
  const { t } = useTranslation();
  const hints: Partial<Record<'idNumber' | 'phone' | 'returnedOn', { text: ReactNode; tone: Tone }>> = {};

  const idh = idHint(row.idType, row.idNumber);
  if (idh.kind === 'ok')
    hints.idNumber = {
      tone: 'ok',
      text: t('registry.hint.idOk', {
        sex: t(`registry.sex.${idh.sex}`),
        birth: idh.birthDate,
        age: String(ageOn(idh.birthDate) ?? 0),
      }),
    };
  else if (idh.kind === 'typing')
    hints.idNumber = {
      tone: undefined,
      text: [
        t('registry.hint.idTyping', { count: idh.count }),
        idh.birthDate ? t('registry.hint.idBirth', { birth: idh.birthDate }) : '',
        idh.sex ? t(`registry.sex.${idh.sex}`) : '',
      ]
        .filter(Boolean)
        .join(' · '),
    };
  else if (idh.kind === 'error')
    hints.idNumber = { tone: 'error', text: message(idh.key, currentLanguage()) };
  else if (idh.kind === 'docError') hints.idNumber = { tone: 'error', text: t('registry.hint.docFormat') };

  const ph = phoneHint(row.phone);
  if (ph.kind === 'ok')
    hints.phone = { tone: 'ok', text: t('registry.hint.phoneOk', { phone: groupMobile(ph.value) }) };
  else if (ph.kind === 'typing')
    hints.phone = { tone: undefined, text: t('registry.hint.phoneTyping', { count: ph.count }) };
  else if (ph.kind === 'error')
    hints.phone = { tone: 'error', text: message('err.phone.mobile', currentLanguage()) };

  const typedDay = row.returnedOn.trim();
  if (typedDay) {
    const day = parseDay(row.returnedOn);
    if (!day) hints.returnedOn = { tone: 'error', text: t('registry.hint.dateInvalid') };
    else
      hints.returnedOn = {
        tone: 'ok',
        text: day === typedDay ? null : t('registry.hint.dateOk', { date: day }),
      };
  }
  // What the last check or the server said wins over what typing suggests.
  for (const f of ['idNumber', 'phone', 'returnedOn'] as const) {
    const e = rowErrors[f];
    if (e) hints[f] = { tone: 'error', text: e };
  }
  return hints;
}

const MONO = 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';

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
  const hints = useHints(row, rowErrors);
  const k = (f: EntryField) => `${row.key}.${f}`;
  const id = (f: EntryField) => `entry-${index}-${f}`;
  const size = mobile ? 'large' : 'middle';
  const rowLabel = t('registry.entryPage.rowLabel', { n: String(index + 1) });
  const existingId = duplicates[row.key];

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

  const tone = (f: 'idNumber' | 'phone' | 'returnedOn') => hints[f]?.tone;
  const status = (f: EntryField, hinted?: Tone) =>
    rowErrors[f] || hinted === 'error' ? ('error' as const) : undefined;

  type TextField = 'name' | 'idNumber' | 'phone' | 'travelFrom' | 'returnedOn';
  const text = (
    f: TextField,
    opts: { maxLength: number; placeholder: string; inputMode?: 'tel'; style?: CSSProperties },
  ) => (
    <Input
      ref={(el: InputRef | null) => register(k(f), el)}
      id={id(f)}
      value={row[f]}
      maxLength={opts.maxLength}
      inputMode={opts.inputMode}
      autoComplete="off"
      spellCheck={false}
      size={size}
      status={status(f, f === 'name' || f === 'travelFrom' ? undefined : tone(f))}
      placeholder={opts.placeholder}
      aria-label={`${rowLabel} ${t(`registry.field.${f}`)}`}
      onChange={(e) =>
        onChange(row.key, { [f]: f === 'idNumber' ? e.target.value.toUpperCase() : e.target.value })
      }
      onKeyDown={enterNext(f)}
      style={opts.style}
    />
  );

  /** A type-ahead list: picking a value moves on (several care flags are picked before Enter). */
  const choice = <F extends 'relation' | 'careFlags' | 'transport'>(
    f: F,
    values: readonly string[],
    label: (v: string) => string,
    many?: boolean,
  ) => {
    const value = row[f];
    const hasValue = Array.isArray(value) ? value.length > 0 : !!value;
    return (
      <div onKeyDownCapture={selectEnter(f, hasValue)}>
        <Select
          ref={(el: SelectRef | null) => register(k(f), el)}
          id={id(f)}
          mode={many ? 'multiple' : undefined}
          maxTagCount={many ? 'responsive' : undefined}
          allowClear={!many}
          value={value}
          size={size}
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t(`registry.field.${f}`)}
          aria-label={`${rowLabel} ${t(`registry.field.${f}`)}`}
          popupMatchSelectWidth={false}
          options={values.map((v) => ({ value: v, label: label(v) }))}
          onOpenChange={trackOpen(f)}
          onChange={(v: EntryRow[F]) => {
            onChange(row.key, { [f]: v } as Partial<EntryRow>);
            if (!many && v) onNext(row.key, f);
          }}
          style={{ width: '100%' }}
        />
      </div>
    );
  };

  const cells: Record<(typeof ENTER_ORDER)[number], ReactNode> = {
    name: text('name', { maxLength: 50, placeholder: t('registry.field.name') }),
    idNumber: (
      <>
        <div
          onKeyDownCapture={(e) => {
            if ((e.target as HTMLElement).id === id('idType')) selectEnter('idType', true)(e);
          }}
        >
          <Space.Compact style={{ width: '100%' }}>
            <Select
              ref={(el: SelectRef | null) => register(k('idType'), el)}
              id={id('idType')}
              value={row.idType}
              size={size}
              popupMatchSelectWidth={false}
              aria-label={`${rowLabel} ${t('registry.field.idType')}`}
              options={ID_TYPES.map((v) => ({ value: v, label: t(`registry.idTypeShort.${v}`) }))}
              onOpenChange={trackOpen('idType')}
              onChange={(v) => {
                onChange(row.key, { idType: v });
                onNext(row.key, 'idType');
              }}
              style={{ width: mobile ? 104 : 84, flex: 'none' }}
            />
            {text('idNumber', {
              maxLength: 30,
              placeholder: t('registry.field.idNumber'),
              style: { fontFamily: MONO, fontSize: mobile ? 16 : 13, minWidth: 0 },
            })}
          </Space.Compact>
        </div>
        {row.key in duplicates && existingId && (
          <div style={{ fontSize: 12, marginTop: 2 }}>
            <Link to={`/registry/persons/${existingId}`} data-testid={`entry-${index}-existing`}>
              {t('registry.entryPage.openExisting')} <ArrowRightOutlined />
            </Link>
          </div>
        )}
      </>
    ),
    phone: text('phone', { maxLength: 30, placeholder: t('registry.field.phone'), inputMode: 'tel' }),
    relation: choice('relation', RELATIONS, (v) => t(`registry.relation.${v as (typeof RELATIONS)[number]}`)),
    careFlags: choice(
      'careFlags',
      CARE_FLAGS,
      (v) => t(`registry.careFlag.${v as (typeof CARE_FLAGS)[number]}`),
      true,
    ),
    travelFrom: text('travelFrom', { maxLength: 100, placeholder: t('registry.travelFromPlaceholder') }),
    returnedOn: text('returnedOn', { maxLength: 12, placeholder: '2020-01-21' }),
    transport: choice('transport', TRANSPORTS, (v) =>
      t(`registry.transport.${v as (typeof TRANSPORTS)[number]}`),
    ),
  };

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
      // On a desktop the button closes the row; on a phone it sits beside the row's number.
      style={mobile ? undefined : { gridColumn: '-2 / -1', gridRow: 1 }}
    />
  );
  const failed = Object.keys(rowErrors).length > 0;

  return (
    <fieldset
      data-testid={`entry-row-${index}`}
      aria-label={rowLabel}
      onFocus={() => onFocusRow(row.key)}
      style={
        mobile
          ? {
              margin: 0,
              minWidth: 0,
              padding: 12,
              border: `1px solid ${failed ? token.colorErrorBorder : token.colorBorderSecondary}`,
              borderRadius: token.borderRadiusLG,
              background: token.colorBgContainer,
            }
          : {
              margin: 0,
              minWidth: 0,
              padding: '10px 8px',
              border: `1px solid ${token.colorBorderSecondary}`,
              borderTop: 'none',
              borderRadius:
                index === rows.length - 1 ? `0 0 ${token.borderRadius}px ${token.borderRadius}px` : undefined,
              background: failed ? token.colorErrorBg : token.colorBgContainer,
            }
      }
    >
      <div
        style={{
          display: 'grid',
          gridTemplateColumns: mobile ? 'minmax(0, 1fr) auto' : COLUMNS,
          gap: mobile ? 10 : 8,
          alignItems: mobile ? 'center' : 'start',
        }}
      >
        {mobile ? (
          <Tag color="blue" style={{ marginInlineEnd: 0, justifySelf: 'start' }}>
            {rowLabel}
          </Tag>
        ) : (
          <span
            style={{ lineHeight: '32px', color: token.colorTextTertiary, fontVariantNumeric: 'tabular-nums' }}
          >
            {index + 1}
          </span>
        )}
        {remove}
        {ENTER_ORDER.map((f) => {
          const hint = f === 'idNumber' || f === 'phone' || f === 'returnedOn' ? hints[f] : undefined;
          return (
            <div
              key={f}
              style={
                mobile ? { gridColumn: '1 / -1', display: 'grid', gap: 4, minWidth: 0 } : { minWidth: 0 }
              }
            >
              {mobile && (
                <label htmlFor={id(f)} style={{ fontSize: 13, color: token.colorTextSecondary }}>
                  {t(`registry.field.${f}`)}
                </label>
              )}
              <div>
                {cells[f]}
                {hint ? (
                  <Hint tone={hint.tone} testId={`entry-${index}-${f === 'idNumber' ? 'id' : f}-hint`}>
                    {hint.text}
                  </Hint>
                ) : (
                  <Hint tone="error">{rowErrors[f]}</Hint>
                )}
              </div>
            </div>
          );
        })}
        {rowErrors.row && (
          <div style={{ gridColumn: mobile ? '1 / -1' : '2 / -1' }}>
            <Hint tone="error">{rowErrors.row}</Hint>
          </div>
        )}
      </div>
    </fieldset>
  );
}
