import { IdcardOutlined, QrcodeOutlined } from '@ant-design/icons';
import { Drawer, Input, type InputRef, Tag } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncHousehold, SyncPerson } from '../../../domain/checkpoints';
import { PASS_TOKEN_PREFIX } from '../../../domain/passes';
import { checkIdNumber } from '../../../domain/residents';
import { GATE_COLORS, nameFits } from './gate-display';

const MAX_SHOWN = 30;

export type LookupResult = { kind: 'pass'; token: string } | { kind: 'person'; personId: string };

/**
 * "输入证件号/搜索姓名": finds a resident of the compound in the synced list (offline) by the last
 * four characters of the ID number, a whole ID number, or the name; a pass code can be pasted or
 * typed by a keyboard-wedge scanner too.
 */
export function LookupSheet({
  open,
  onClose,
  onPick,
  persons,
  households,
}: {
  open: boolean;
  onClose: () => void;
  onPick: (r: LookupResult) => void;
  persons: readonly SyncPerson[] | null;
  households: ReadonlyMap<string, SyncHousehold>;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const input = useRef<InputRef>(null);

  useEffect(() => {
    if (open) {
      setQ('');
      window.setTimeout(() => input.current?.focus(), 200);
    }
  }, [open]);

  const text = q.trim();
  const isToken = text.startsWith(PASS_TOKEN_PREFIX);
  const digits = text.replace(/\s/g, '').toUpperCase();
  const byId = /^[0-9X]{4,18}$/.test(digits) && /\d/.test(digits);
  const idCheck = byId && digits.length === 18 ? checkIdNumber(digits) : null;

  const matches = useMemo(() => {
    if (!persons || !text || isToken) return [];
    if (byId) {
      const tail = digits.slice(-4);
      return persons.filter((p) => p.idTail === tail);
    }
    return persons.filter((p) => nameFits(p.name, text));
  }, [persons, text, isToken, byId, digits]);

  const hint = !text
    ? t('gate.lookup.hint')
    : isToken
      ? null
      : byId && digits.length < 4
        ? t('gate.lookup.moreDigits')
        : matches.length === 0
          ? t('gate.lookup.none')
          : matches.length > MAX_SHOWN
            ? t('gate.lookup.many', { count: matches.length })
            : null;

  return (
    <Drawer
      open={open}
      onClose={onClose}
      placement="bottom"
      size="85%"
      title={t('gate.lookup.title')}
      destroyOnHidden
      styles={{ body: { padding: 16, background: GATE_COLORS.page } }}
    >
      <Input
        ref={input}
        size="large"
        allowClear
        value={q}
        onChange={(e) => setQ(e.target.value)}
        placeholder={t('gate.lookup.placeholder')}
        data-testid="gate-lookup-input"
        prefix={<IdcardOutlined />}
        style={{ height: 56, fontSize: 18 }}
        autoComplete="off"
        onPressEnter={() => {
          if (isToken) onPick({ kind: 'pass', token: text });
          else if (matches.length === 1 && matches[0]) onPick({ kind: 'person', personId: matches[0].id });
        }}
      />
      {idCheck && !idCheck.ok && (
        <div style={{ color: GATE_COLORS.deny, marginTop: 8, fontSize: 15 }}>{t('gate.lookup.badId')}</div>
      )}
      {!persons && !isToken && (
        <div style={{ color: GATE_COLORS.muted, marginTop: 12, fontSize: 15 }}>{t('gate.lookup.noList')}</div>
      )}
      {isToken && (
        <button
          type="button"
          data-testid="gate-lookup-token"
          onClick={() => onPick({ kind: 'pass', token: text })}
          style={{ ...rowStyle, marginTop: 12, justifyContent: 'center', fontWeight: 600, color: '#173f86' }}
        >
          <QrcodeOutlined style={{ fontSize: 22 }} />
          {t('gate.lookup.useToken')}
        </button>
      )}
      {persons && hint && <div style={{ color: GATE_COLORS.muted, marginTop: 12, fontSize: 15 }}>{hint}</div>}
      <div style={{ display: 'grid', gap: 8, marginTop: 12 }}>
        {matches.slice(0, MAX_SHOWN).map((p) => (
          <button
            key={p.id}
            type="button"
            data-testid="gate-lookup-person"
            onClick={() => onPick({ kind: 'person', personId: p.id })}
            style={rowStyle}
          >
            <span style={{ fontSize: 20, fontWeight: 600, minWidth: 64, textAlign: 'left' }}>{p.name}</span>
            <span style={{ flex: 1, textAlign: 'left', color: GATE_COLORS.muted, fontSize: 15 }}>
              {households.get(p.householdId)?.address ?? ''}
              {p.birthYear ? ` · ${t('gate.lookup.born', { year: p.birthYear })}` : ''}
              {p.idTail ? ` · ${t('gate.lookup.tail', { tail: p.idTail })}` : ''}
            </span>
            {p.isolated && <Tag color="red">{t('gate.lookup.isolated')}</Tag>}
            {!p.isolated && p.keyPerson && <Tag color="orange">{t('gate.lookup.keyPerson')}</Tag>}
            {(households.get(p.householdId)?.passes.length ?? 0) > 0 && (
              <Tag color="blue">{t('gate.lookup.hasPass')}</Tag>
            )}
          </button>
        ))}
      </div>
    </Drawer>
  );
}

const rowStyle: React.CSSProperties = {
  display: 'flex',
  alignItems: 'center',
  gap: 12,
  width: '100%',
  minHeight: 60,
  padding: '8px 14px',
  borderRadius: 10,
  border: '1px solid #d7dde7',
  background: '#fff',
  cursor: 'pointer',
  fontSize: 16,
  touchAction: 'manipulation',
};
