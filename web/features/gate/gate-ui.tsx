import { type ReactNode, useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api/client';
import { Icon, type IconName } from './icons';

/**
 * The few building blocks the gate page needs instead of a component library: sheets, a confirm
 * dialog, toasts, tags and the loading / error / empty states. Styles are in gate.css.
 */

export function errorMessage(error: unknown, fallback: string): string {
  if (error instanceof ApiError || error instanceof Error) return error.message || fallback;
  return fallback;
}

export function Spinner() {
  return <span className="gate-spinner" aria-hidden="true" />;
}

export type TagTone = 'green' | 'orange' | 'red' | 'blue';

export function Tag({ tone, children, testId }: { tone: TagTone; children: ReactNode; testId?: string }) {
  return (
    <span className={`gate-tag gate-tag--${tone}`} data-testid={testId}>
      {children}
    </span>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <div className="gate-state" role="status">
      <Spinner />
      <span>{t('gate.loading')}</span>
    </div>
  );
}

export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="gate-state gate-state--error" role="alert">
      <span>{errorMessage(error, t('gate.networkError'))}</span>
      {onRetry && (
        <button type="button" className="gate-btn" onClick={onRetry}>
          {t('gate.retry')}
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="gate-state">{children}</div>;
}

/** A whole-screen message (no storage, no permission): what is wrong and what to do. */
export function Notice({
  icon,
  title,
  hint,
  testId,
  children,
}: {
  icon: IconName;
  title: string;
  hint?: string;
  testId?: string;
  children?: ReactNode;
}) {
  return (
    <div className="gate-notice" data-testid={testId}>
      <Icon name={icon} className="gate-notice__icon" />
      <h1 className="gate-notice__title">{title}</h1>
      {hint && <p className="gate-notice__hint">{hint}</p>}
      {children}
    </div>
  );
}

/** Escape closes; the page behind does not scroll while a layer is open. */
function useLayer(onClose: () => void) {
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close.current();
    };
    document.addEventListener('keydown', onKey);
    const before = document.body.style.overflow;
    document.body.style.overflow = 'hidden';
    return () => {
      document.removeEventListener('keydown', onKey);
      document.body.style.overflow = before;
    };
  }, []);
}

/** Something over the gate page: a backdrop that closes it (as Escape does) under its panel. */
function Layer({
  onClose,
  center,
  children,
}: {
  onClose: () => void;
  center?: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  useLayer(onClose);
  return createPortal(
    <div className={center ? 'gate-layer gate-layer--center' : 'gate-layer'}>
      <button
        type="button"
        className="gate-backdrop"
        tabIndex={-1}
        aria-label={t('gate.close')}
        onClick={onClose}
      />
      {children}
    </div>,
    document.body,
  );
}

/**
 * A sheet over the gate: from the bottom on a phone (reachable with a thumb), at the side of a
 * desktop. Its content is dropped when it closes, so it opens empty each time.
 */
export function Sheet({
  open,
  onClose,
  title,
  footer,
  tall,
  fit,
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  footer?: ReactNode;
  /** Nearly the whole screen (a form) rather than most of it (a list). */
  tall?: boolean;
  /** Only as high as its content, at the bottom (a few big choices within a thumb's reach). */
  fit?: boolean;
  children: ReactNode;
}) {
  if (!open) return null;
  return (
    <SheetLayer onClose={onClose} title={title} footer={footer} tall={tall} fit={fit}>
      {children}
    </SheetLayer>
  );
}

function SheetLayer({
  onClose,
  title,
  footer,
  tall,
  fit,
  children,
}: {
  onClose: () => void;
  title: string;
  footer?: ReactNode;
  tall?: boolean;
  fit?: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  const panel = useRef<HTMLElement>(null);
  useEffect(() => {
    // Focus inside the sheet (a field inside may take it right after), so Tab stays in it.
    panel.current?.focus();
  }, []);
  return (
    <Layer onClose={onClose}>
      <section
        ref={panel}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        className={tall ? 'gate-sheet gate-sheet--tall' : fit ? 'gate-sheet gate-sheet--fit' : 'gate-sheet'}
      >
        <header className="gate-sheet__head">
          <button type="button" className="gate-icon-btn" aria-label={t('gate.close')} onClick={onClose}>
            <Icon name="close" />
          </button>
          <h2 id={titleId} className="gate-sheet__title">
            {title}
          </h2>
        </header>
        <div className="gate-sheet__body">{children}</div>
        {footer && <div className="gate-sheet__foot">{footer}</div>}
      </section>
    </Layer>
  );
}

/** Asks before something that cannot be undone on the spot (signing out with entries waiting). */
export function ConfirmDialog({
  title,
  text,
  okText,
  onOk,
  onCancel,
}: {
  title: string;
  text: string;
  okText: string;
  onOk: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    cancel.current?.focus();
  }, []);
  return (
    <Layer onClose={onCancel} center>
      <div role="alertdialog" aria-modal="true" aria-labelledby={titleId} className="gate-dialog">
        <h2 id={titleId} className="gate-dialog__title">
          <Icon name="warning" className="gate-dialog__icon" />
          {title}
        </h2>
        <p className="gate-dialog__text">{text}</p>
        <div className="gate-dialog__actions">
          <button ref={cancel} type="button" className="gate-btn gate-btn--lg" onClick={onCancel}>
            {t('gate.cancel')}
          </button>
          <button
            type="button"
            className="gate-btn gate-btn--lg gate-btn--danger"
            data-testid="gate-confirm-ok"
            onClick={onOk}
          >
            {okText}
          </button>
        </div>
      </div>
    </Layer>
  );
}

// ------------------------------------------------------------------ toasts

type ToastTone = 'error' | 'warning';
interface ToastItem {
  id: number;
  tone: ToastTone;
  text: string;
}

const TOAST_MS = 4_000;
let toasts: ToastItem[] = [];
let nextToast = 1;
const toastListeners = new Set<() => void>();

function setToasts(next: ToastItem[]) {
  toasts = next;
  for (const l of toastListeners) l();
}

function show(tone: ToastTone, text: string) {
  const id = nextToast++;
  setToasts([...toasts.filter((x) => x.text !== text), { id, tone, text }]);
  window.setTimeout(() => setToasts(toasts.filter((x) => x.id !== id)), TOAST_MS);
}

/** Short messages at the top of the screen that go by themselves. */
export const toast = {
  error: (text: string) => show('error', text),
  warning: (text: string) => show('warning', text),
};

function subscribeToasts(listener: () => void) {
  toastListeners.add(listener);
  return () => toastListeners.delete(listener);
}

export function Toasts() {
  const list = useSyncExternalStore(subscribeToasts, () => toasts);
  return (
    <div className="gate-toasts" role="status" aria-live="assertive">
      {list.map((x) => (
        <div key={x.id} className={`gate-toast gate-toast--${x.tone}`} data-testid="gate-toast">
          <Icon name="warning" />
          <span>{x.text}</span>
        </div>
      ))}
    </div>
  );
}

// ------------------------------------------------------------------ menu

export interface MenuItem {
  key: string;
  icon: IconName;
  label: string;
  danger?: boolean;
  disabled?: boolean;
  /** A line above this item. */
  divided?: boolean;
}

/** The header's ☰ button and its menu, opening under it. */
export function MenuButton({
  label,
  items,
  onPick,
  testId,
}: {
  label: string;
  items: readonly MenuItem[];
  onPick: (key: string) => void;
  testId?: string;
}) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const outside = (e: PointerEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    document.addEventListener('keydown', onKey);
    list.current?.querySelector<HTMLButtonElement>('button:not(:disabled)')?.focus();
    return () => {
      document.removeEventListener('pointerdown', outside);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div className="gate-menu" ref={root}>
      <button
        type="button"
        className="gate-icon-btn gate-icon-btn--light"
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        data-testid={testId}
        onClick={() => setOpen((o) => !o)}
      >
        <Icon name="menu" />
      </button>
      {open && (
        <div className="gate-menu__list" role="menu" ref={list}>
          {items.map((item) => (
            <button
              key={item.key}
              type="button"
              role="menuitem"
              disabled={item.disabled}
              data-testid={`gate-menu-${item.key}`}
              className={[
                'gate-menu__item',
                item.danger ? 'gate-menu__item--danger' : '',
                item.divided ? 'gate-menu__item--divided' : '',
              ].join(' ')}
              onClick={() => {
                setOpen(false);
                onPick(item.key);
              }}
            >
              <Icon name={item.icon} />
              {item.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
