import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncHousehold } from '../../../domain/checkpoints';
import { message as serverMessage } from '../../../domain/messages';
import { checkIdNumber, normalizeMobile } from '../../../domain/residents';
import { currentLanguage } from './gate-i18n';
import { Sheet } from './gate-ui';
import type { Identity } from './gate-verdict';
import { Icon } from './icons';

type VisitorKind = 'visitor' | 'courier';
type Visitor = Extract<Identity, { kind: 'visitor' }>['visitor'];

const PURPOSES = ['family', 'supplies', 'repair', 'medical', 'work'] as const;
const COMPANIES = ['顺丰', '京东', '中国邮政', '美团', '饿了么', '中通', '圆通', '韵达', '申通', '极兔'];
/** Households listed at once in the host picker; more are narrowed down by typing. */
const HOSTS_SHOWN = 8;

interface Errors {
  name?: string;
  phone?: string;
  idNumber?: string;
  host?: string;
}

/**
 * Registers a visitor (name, phone, ID number, purpose, the household visited) or a courier (name,
 * company, phone) at the gate. Checked here with the server's rules, so a typo is fixed on the spot
 * rather than rejected later when the entry is sent.
 */
export function VisitorSheet({
  open,
  initialKind,
  onClose,
  onSubmit,
  households,
  hostRequired,
}: {
  open: boolean;
  initialKind: VisitorKind;
  onClose: () => void;
  onSubmit: (v: Visitor) => void;
  households: readonly SyncHousehold[];
  /** Closed management: a visitor must name the household visited. */
  hostRequired: boolean;
}) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<VisitorKind>(initialKind);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [purpose, setPurpose] = useState('');
  const [company, setCompany] = useState('');
  const [host, setHost] = useState<string | undefined>();
  const [errors, setErrors] = useState<Errors>({});

  useEffect(() => {
    if (!open) return;
    setKind(initialKind);
    setName('');
    setPhone('');
    setIdNumber('');
    setPurpose('');
    setCompany('');
    setHost(undefined);
    setErrors({});
  }, [open, initialKind]);

  const hostOptions = useMemo(
    () =>
      [...households]
        .sort((a, b) => a.address.localeCompare(b.address, 'zh-CN', { numeric: true }))
        .map((h) => ({ value: h.id, label: h.address })),
    [households],
  );

  const submit = () => {
    const lang = currentLanguage();
    const next: Errors = {};
    const n = name.trim();
    if (!n) next.name = t('gate.visitor.nameRequired');
    else if ([...n].length > 50) next.name = t('gate.visitor.tooLong', { max: 50 });
    let mobile: string | undefined;
    if (phone.trim()) {
      mobile = normalizeMobile(phone) ?? undefined;
      if (!mobile) next.phone = serverMessage('err.phone.mobile', lang);
    }
    let id: string | undefined;
    if (kind === 'visitor' && idNumber.trim()) {
      const r = checkIdNumber(idNumber);
      if (r.ok) id = r.value;
      else next.idNumber = serverMessage(`err.idNumber.${r.problem}`, lang);
    }
    if (kind === 'visitor' && hostRequired && !host) next.host = t('gate.visitor.hostRequired');
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    const v: Visitor = { kind, name: n };
    if (mobile) v.phone = mobile;
    if (kind === 'visitor') {
      if (id) v.idNumber = id;
      if (purpose.trim()) v.purpose = purpose.trim().slice(0, 100);
      if (host) v.hostHouseholdId = host;
    } else if (company.trim()) {
      v.company = company.trim().slice(0, 50);
    }
    onSubmit(v);
  };

  const field = (
    id: string,
    label: string,
    error: string | undefined,
    child: React.ReactNode,
    required?: boolean,
  ) => (
    <div className="gate-form-field">
      <label htmlFor={id} className="gate-form-field__label">
        {label}
        {required && <span className="gate-required"> *</span>}
      </label>
      {child}
      {error && (
        <span role="alert" className="gate-error-text">
          {error}
        </span>
      )}
    </div>
  );

  const chips = (
    values: readonly { value: string; label: string }[],
    current: string,
    set: (v: string) => void,
  ) => (
    <div className="gate-chips">
      {values.map((c) => (
        <button
          key={c.value}
          type="button"
          aria-pressed={current === c.label}
          className="gate-chip"
          onClick={() => set(current === c.label ? '' : c.label)}
        >
          {c.label}
        </button>
      ))}
    </div>
  );

  const input = (
    id: string,
    value: string,
    set: (v: string) => void,
    opts: { max: number; error?: string; testId?: string; placeholder?: string; tel?: boolean },
  ) => (
    <input
      id={id}
      className={opts.error ? 'gate-input gate-input--box gate-input--bad' : 'gate-input gate-input--box'}
      value={value}
      onChange={(e) => set(e.target.value)}
      maxLength={opts.max}
      placeholder={opts.placeholder}
      aria-invalid={!!opts.error}
      data-testid={opts.testId}
      inputMode={opts.tel ? 'tel' : undefined}
      autoComplete="off"
    />
  );

  return (
    <Sheet
      open={open}
      onClose={onClose}
      tall
      title={kind === 'courier' ? t('gate.visitor.courierTitle') : t('gate.visitor.title')}
      footer={
        <button
          type="button"
          className="gate-btn gate-btn--primary gate-btn--xl gate-btn--block"
          data-testid="gate-visitor-submit"
          onClick={submit}
        >
          {t('gate.visitor.submit')}
        </button>
      }
    >
      <div className="gate-stack gate-stack--16" data-testid="gate-visitor-form">
        <fieldset className="gate-seg" aria-label={t('gate.visitor.title')}>
          {(['visitor', 'courier'] as const).map((k) => (
            <button
              key={k}
              type="button"
              aria-pressed={kind === k}
              data-testid={`gate-visitor-kind-${k}`}
              className="gate-seg__btn"
              onClick={() => setKind(k)}
            >
              {k === 'visitor' ? t('gate.visitor.kindVisitor') : t('gate.visitor.kindCourier')}
            </button>
          ))}
        </fieldset>
        {field(
          'gate-visitor-name',
          t('gate.visitor.name'),
          errors.name,
          input('gate-visitor-name', name, setName, {
            max: 50,
            error: errors.name,
            testId: 'gate-visitor-name',
          }),
          true,
        )}
        {kind === 'courier' &&
          field(
            'gate-visitor-company',
            t('gate.visitor.company'),
            undefined,
            <>
              {chips(
                COMPANIES.map((c) => ({ value: c, label: c })),
                company,
                setCompany,
              )}
              {input('gate-visitor-company', company, setCompany, {
                max: 50,
                placeholder: t('gate.visitor.companyOther'),
              })}
            </>,
          )}
        {field(
          'gate-visitor-phone',
          t('gate.visitor.phone'),
          errors.phone,
          input('gate-visitor-phone', phone, setPhone, {
            max: 20,
            error: errors.phone,
            testId: 'gate-visitor-phone',
            tel: true,
          }),
        )}
        {kind === 'visitor' &&
          field(
            'gate-visitor-id',
            t('gate.visitor.idNumber'),
            errors.idNumber,
            input('gate-visitor-id', idNumber, setIdNumber, {
              max: 20,
              error: errors.idNumber,
              testId: 'gate-visitor-id',
            }),
          )}
        {kind === 'visitor' &&
          field(
            'gate-visitor-host',
            t('gate.visitor.host'),
            errors.host,
            <HostPicker options={hostOptions} value={host} onChange={setHost} invalid={!!errors.host} />,
            hostRequired,
          )}
        {kind === 'visitor' &&
          field(
            'gate-visitor-purpose',
            t('gate.visitor.purpose'),
            undefined,
            <>
              {chips(
                PURPOSES.map((p) => ({ value: p, label: t(`gate.visitor.purposes.${p}`) })),
                purpose,
                setPurpose,
              )}
              {input('gate-visitor-purpose', purpose, setPurpose, {
                max: 100,
                placeholder: t('gate.visitor.purposeOther'),
              })}
            </>,
          )}
      </div>
    </Sheet>
  );
}

const squeeze = (s: string) => s.replace(/\s+/g, '').toLowerCase();

/**
 * The household visited: typed to narrow the compound's synced households (building, entrance or
 * room number), then tapped; a picked one shows with a way to pick again.
 */
function HostPicker({
  options,
  value,
  onChange,
  invalid,
}: {
  options: readonly { value: string; label: string }[];
  value: string | undefined;
  onChange: (v: string | undefined) => void;
  invalid: boolean;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const chosen = value ? options.find((o) => o.value === value) : undefined;
  const typed = squeeze(q);
  const matches = useMemo(
    () => (typed ? options.filter((o) => squeeze(o.label).includes(typed)) : options),
    [options, typed],
  );

  if (chosen) {
    return (
      <div className="gate-host-chosen" data-testid="gate-visitor-host-chosen">
        <Icon name="home" />
        <span className="gate-host-chosen__label">{chosen.label}</span>
        <button
          type="button"
          className="gate-icon-btn"
          aria-label={t('gate.visitor.hostChange')}
          onClick={() => onChange(undefined)}
        >
          <Icon name="close" />
        </button>
      </div>
    );
  }
  const listed = typed || options.length <= HOSTS_SHOWN ? matches.slice(0, HOSTS_SHOWN) : [];
  const more = matches.length - listed.length;
  return (
    <div className="gate-stack">
      <span className={invalid ? 'gate-field gate-field--bad' : 'gate-field'}>
        <Icon name="search" />
        <input
          id="gate-visitor-host"
          type="search"
          className="gate-input"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder={options.length ? t('gate.visitor.hostPlaceholder') : t('gate.visitor.noHouseholds')}
          disabled={options.length === 0}
          aria-invalid={invalid}
          data-testid="gate-visitor-host"
          autoComplete="off"
        />
      </span>
      {listed.length > 0 && (
        <div className="gate-host-list">
          {listed.map((o) => (
            <button
              key={o.value}
              type="button"
              className="gate-host-list__item"
              data-testid="gate-visitor-host-option"
              onClick={() => {
                onChange(o.value);
                setQ('');
              }}
            >
              {o.label}
            </button>
          ))}
        </div>
      )}
      {typed && matches.length === 0 && <div className="gate-muted-text">{t('gate.visitor.hostNone')}</div>}
      {more > 0 && <div className="gate-muted-text">{t('gate.visitor.hostMore', { count: more })}</div>}
    </div>
  );
}
