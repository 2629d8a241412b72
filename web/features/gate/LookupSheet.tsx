import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncHousehold, SyncPerson } from '../../../domain/checkpoints';
import { PASS_TOKEN_PREFIX } from '../../../domain/passes';
import { checkIdNumber } from '../../../domain/residents';
import { nameFits } from './gate-display';
import { Sheet, Tag } from './gate-ui';
import { Icon } from './icons';

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
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    // Emptied when the sheet closes, not when it opens: an effect runs after the sheet is on screen,
    // and would wipe what a keyboard-wedge scanner (or a quick guard) typed in that moment.
    if (!open) setQ('');
    // Ready for typing as soon as the sheet is there.
    else input.current?.focus();
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

  const pickTyped = () => {
    if (isToken) onPick({ kind: 'pass', token: text });
    else if (matches.length === 1 && matches[0]) onPick({ kind: 'person', personId: matches[0].id });
  };

  return (
    <Sheet open={open} onClose={onClose} title={t('gate.lookup.title')}>
      <label className="gate-field gate-field--lookup">
        <Icon name="idcard" />
        <input
          ref={input}
          className="gate-input"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder={t('gate.lookup.placeholder')}
          aria-label={t('gate.lookup.title')}
          data-testid="gate-lookup-input"
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          enterKeyHint="search"
          onKeyDown={(e) => {
            if (e.key === 'Enter') pickTyped();
          }}
        />
        {q && (
          <button type="button" className="gate-clear" aria-label={t('gate.close')} onClick={() => setQ('')}>
            <Icon name="close" />
          </button>
        )}
      </label>
      {idCheck && !idCheck.ok && <div className="gate-lookup__bad">{t('gate.lookup.badId')}</div>}
      {!persons && !isToken && <div className="gate-lookup__hint">{t('gate.lookup.noList')}</div>}
      {isToken && (
        <button
          type="button"
          data-testid="gate-lookup-token"
          onClick={() => onPick({ kind: 'pass', token: text })}
          className="gate-row gate-row--token"
        >
          <Icon name="qr" className="gate-row__icon" />
          {t('gate.lookup.useToken')}
        </button>
      )}
      {persons && hint && <div className="gate-lookup__hint">{hint}</div>}
      <div className="gate-stack gate-lookup__list">
        {matches.slice(0, MAX_SHOWN).map((p) => {
          const household = households.get(p.householdId);
          return (
            <button
              key={p.id}
              type="button"
              data-testid="gate-lookup-person"
              onClick={() => onPick({ kind: 'person', personId: p.id })}
              className="gate-row"
            >
              <span className="gate-row__name">{p.name}</span>
              <span className="gate-row__meta">
                {household?.address ?? ''}
                {p.birthYear ? ` · ${t('gate.lookup.born', { year: p.birthYear })}` : ''}
                {p.idTail ? ` · ${t('gate.lookup.tail', { tail: p.idTail })}` : ''}
              </span>
              {p.isolated && <Tag tone="red">{t('gate.lookup.isolated')}</Tag>}
              {!p.isolated && p.keyPerson && <Tag tone="orange">{t('gate.lookup.keyPerson')}</Tag>}
              {(household?.passes.length ?? 0) > 0 && <Tag tone="blue">{t('gate.lookup.hasPass')}</Tag>}
            </button>
          );
        })}
      </div>
    </Sheet>
  );
}
