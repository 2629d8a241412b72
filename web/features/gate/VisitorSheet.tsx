import { Button, Drawer, Input, Segmented, Select } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncHousehold } from '../../../domain/checkpoints';
import { message as serverMessage } from '../../../domain/messages';
import { checkIdNumber, normalizeMobile } from '../../../domain/residents';
import { currentLanguage } from '../../app/i18n';
import { useIsMobile } from '../../components/use-is-mobile';
import { GATE_COLORS } from './gate-display';
import type { Identity } from './gate-verdict';

type VisitorKind = 'visitor' | 'courier';
type Visitor = Extract<Identity, { kind: 'visitor' }>['visitor'];

const PURPOSES = ['family', 'supplies', 'repair', 'medical', 'work'] as const;
const COMPANIES = ['顺丰', '京东', '中国邮政', '美团', '饿了么', '中通', '圆通', '韵达', '申通', '极兔'];

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
  const isMobile = useIsMobile();
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
    else if ([...n].length > 50) next.name = t('common.tooLong', { max: 50 });
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

  const field = (label: string, error: string | undefined, child: React.ReactNode, required?: boolean) => (
    <div style={{ display: 'grid', gap: 4 }}>
      <span style={{ fontWeight: 600, fontSize: 15 }}>
        {label}
        {required && <span style={{ color: GATE_COLORS.deny }}> *</span>}
      </span>
      {child}
      {error && (
        <span role="alert" style={{ color: GATE_COLORS.deny, fontSize: 14 }}>
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
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
      {values.map((c) => (
        <button
          key={c.value}
          type="button"
          onClick={() => set(current === c.label ? '' : c.label)}
          style={{
            minHeight: 44,
            padding: '0 14px',
            borderRadius: 22,
            fontSize: 15,
            border: `1px solid ${current === c.label ? '#1e5bb8' : '#cfd6e2'}`,
            background: current === c.label ? '#e8f0fd' : '#fff',
            color: current === c.label ? '#173f86' : GATE_COLORS.ink,
            cursor: 'pointer',
          }}
        >
          {c.label}
        </button>
      ))}
    </div>
  );

  const big = { height: 52, fontSize: 17 };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      placement={isMobile ? 'bottom' : 'right'}
      size={isMobile ? '92%' : 480}
      destroyOnHidden
      title={kind === 'courier' ? t('gate.visitor.courierTitle') : t('gate.visitor.title')}
      styles={{ body: { padding: 16, background: GATE_COLORS.page } }}
      footer={
        <Button
          type="primary"
          block
          size="large"
          data-testid="gate-visitor-submit"
          onClick={submit}
          style={{ height: 56, fontSize: 19, fontWeight: 600 }}
        >
          {t('gate.visitor.submit')}
        </Button>
      }
    >
      <div style={{ display: 'grid', gap: 16 }} data-testid="gate-visitor-form">
        <Segmented
          block
          size="large"
          value={kind}
          onChange={(v) => setKind(v as VisitorKind)}
          options={[
            { value: 'visitor', label: t('gate.visitor.kindVisitor') },
            { value: 'courier', label: t('gate.visitor.kindCourier') },
          ]}
        />
        {field(
          t('gate.visitor.name'),
          errors.name,
          <Input
            size="large"
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={50}
            status={errors.name ? 'error' : undefined}
            data-testid="gate-visitor-name"
            style={big}
          />,
          true,
        )}
        {kind === 'courier' &&
          field(
            t('gate.visitor.company'),
            undefined,
            <>
              {chips(
                COMPANIES.map((c) => ({ value: c, label: c })),
                company,
                setCompany,
              )}
              <Input
                size="large"
                value={company}
                onChange={(e) => setCompany(e.target.value)}
                maxLength={50}
                placeholder={t('gate.visitor.companyOther')}
                style={big}
              />
            </>,
          )}
        {field(
          t('gate.visitor.phone'),
          errors.phone,
          <Input
            size="large"
            inputMode="tel"
            value={phone}
            onChange={(e) => setPhone(e.target.value)}
            maxLength={20}
            status={errors.phone ? 'error' : undefined}
            data-testid="gate-visitor-phone"
            style={big}
          />,
        )}
        {kind === 'visitor' &&
          field(
            t('gate.visitor.idNumber'),
            errors.idNumber,
            <Input
              size="large"
              value={idNumber}
              onChange={(e) => setIdNumber(e.target.value)}
              maxLength={20}
              status={errors.idNumber ? 'error' : undefined}
              data-testid="gate-visitor-id"
              style={big}
            />,
          )}
        {kind === 'visitor' &&
          field(
            t('gate.visitor.host'),
            errors.host,
            <Select
              size="large"
              showSearch
              allowClear
              value={host}
              onChange={(v) => setHost(v)}
              options={hostOptions}
              optionFilterProp="label"
              placeholder={
                hostOptions.length ? t('gate.visitor.hostPlaceholder') : t('gate.visitor.noHouseholds')
              }
              status={errors.host ? 'error' : undefined}
              data-testid="gate-visitor-host"
              style={{ width: '100%', height: 52 }}
            />,
            hostRequired,
          )}
        {kind === 'visitor' &&
          field(
            t('gate.visitor.purpose'),
            undefined,
            <>
              {chips(
                PURPOSES.map((p) => ({ value: p, label: t(`gate.visitor.purposes.${p}`) })),
                purpose,
                setPurpose,
              )}
              <Input
                size="large"
                value={purpose}
                onChange={(e) => setPurpose(e.target.value)}
                maxLength={100}
                placeholder={t('gate.visitor.purposeOther')}
                style={big}
              />
            </>,
          )}
      </div>
    </Drawer>
  );
}
