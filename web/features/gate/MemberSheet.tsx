import { useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Sheet, Tag } from './gate-ui';
import type { HouseholdChoice } from './gate-verdict';

/**
 * "谁在通行？": after a household pass is shown, its members as the device knows them (masked names,
 * relation to the head) as big tap targets, and "不指定" for a queue that cannot wait. One tap logs
 * the entry (or waits for the temperature); nothing is remembered for the next entry.
 *
 * With a keyboard (a desk with a keyboard-wedge scanner): 1–9 pick a member, 0 "不指定". Nothing is
 * focused for Enter on purpose: the Enter that ended a typed or wedge-scanned code would otherwise
 * pick for the guard.
 */
export function MemberSheet({
  choice,
  onPick,
  onClose,
}: {
  choice: HouseholdChoice | null;
  /** A member's person id, or null for "not recorded". */
  onPick: (personId: string | null) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const pick = useRef(onPick);
  pick.current = onPick;

  // Attached as the sheet is drawn (a layout effect), so a key pressed once it shows is never lost.
  useLayoutEffect(() => {
    if (!choice) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || !/^\d$/.test(e.key)) return;
      const n = Number(e.key);
      const member = n === 0 ? null : choice.members[n - 1];
      if (member === undefined) return;
      e.preventDefault();
      pick.current(member ? member.id : null);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [choice]);

  return (
    <Sheet open={choice !== null} onClose={onClose} title={t('gate.member.title')} fit>
      {choice && (
        <div data-testid="gate-member-sheet">
          <div className="gate-member__hint">
            <strong>{choice.address ?? choice.label}</strong> · {t('gate.member.hint')}
          </div>
          <div className="gate-member__grid">
            {choice.members.map((p, i) => (
              <button
                key={p.id}
                type="button"
                data-testid="gate-member"
                aria-keyshortcuts={i < 9 ? String(i + 1) : undefined}
                className={p.isolated ? 'gate-member gate-member--isolated' : 'gate-member'}
                onClick={() => onPick(p.id)}
              >
                <span className="gate-member__name">{p.name}</span>
                <span className="gate-member__meta">
                  {p.relation && <span>{t(`gate.member.relation.${p.relation}`)}</span>}
                  {p.isolated && <Tag tone="red">{t('gate.lookup.isolated')}</Tag>}
                  {!p.isolated && p.keyPerson && <Tag tone="orange">{t('gate.lookup.keyPerson')}</Tag>}
                </span>
                {i < 9 && (
                  <span className="gate-member__key" aria-hidden="true">
                    {i + 1}
                  </span>
                )}
              </button>
            ))}
          </div>
          <button
            type="button"
            data-testid="gate-member-none"
            aria-keyshortcuts="0"
            className="gate-member gate-member--none"
            onClick={() => onPick(null)}
          >
            {t('gate.member.none')}
            <span className="gate-member__meta">{t('gate.member.noneHint')}</span>
            <span className="gate-member__key" aria-hidden="true">
              0
            </span>
          </button>
        </div>
      )}
    </Sheet>
  );
}
