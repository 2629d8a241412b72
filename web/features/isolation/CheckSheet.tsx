import { PhoneOutlined, WarningFilled } from '@ant-design/icons';
import { Alert, Button, Drawer, Input, Segmented, TimePicker, Typography, theme } from 'antd';
import type { Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type CheckDto,
  type CheckInput,
  DEFAULT_SCHEDULE,
  FEVER_THRESHOLD,
  SYMPTOMS,
  type Symptom,
  shiftWindow,
  startOfLocalDay,
  TEMPERATURE_MAX,
  TEMPERATURE_MIN,
} from '../../../domain/isolation';
import { message as serverMessage } from '../../../domain/messages';
import { ApiError } from '../../app/api/client';
import { currentLanguage } from '../../app/i18n';
import { applyProblem } from '../../components/form-errors';
import { useIsMobile } from '../../components/use-is-mobile';
import { formatTemperature, shiftName } from './IsolationDisplay';
import { newCheckId, useRecordCheck } from './isolation.api';

/** Who is checked, and for which shift of which day. */
export interface CheckTarget {
  isolationId: string;
  name: string;
  address?: string;
  /** The local day (deployment time zone) the check is for. */
  day: string;
  timeZone: string;
  /** The shift the check is for. */
  shift: number;
  shiftCount: number;
  /** A shift whose window has passed: the worker says when it was measured. */
  late: boolean;
}

const QUICK_PICKS = [36.0, 36.2, 36.5, 36.8, 37.0, 37.3, 37.8, 38.5] as const;
const METHOD_KEY = 'shouwang.checkMethod';
type StaffMethod = 'phone' | 'visit';

function storedMethod(): StaffMethod {
  try {
    return window.localStorage.getItem(METHOD_KEY) === 'visit' ? 'visit' : 'phone';
  } catch {
    return 'phone';
  }
}

const FULL_WIDTH_DIGIT = /[\uff10-\uff19]/g;

/**
 * What was typed as a temperature: `36.5`, `36,5`, full-width digits, or `365` (the dot is easy to miss
 * with gloves on). Null when it is not a number at all.
 */
export function parseTemperature(raw: string): number | null {
  const s = raw
    .trim()
    .replace(FULL_WIDTH_DIGIT, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[，,。．]/g, '.')
    .replace(/\s*(°\s*c?|℃)$/i, '');
  if (!/^\d{1,3}(\.\d*)?$/.test(s)) return null;
  let n = Number(s);
  if (!s.includes('.') && n >= TEMPERATURE_MIN * 10 && n <= TEMPERATURE_MAX * 10) n /= 10;
  return Math.round(n * 10) / 10;
}

const minutesText = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/**
 * The check entry (录入测温): a bottom sheet on a phone, a side panel on a desktop. A big temperature
 * box with quick picks, symptom chips, how it was done, a note, one big save button. The UUID is made
 * once when the sheet opens, so a double tap or a retry after a lost answer stores the check once.
 */
export function CheckSheet({
  target,
  onClose,
  onSaved,
}: {
  target: CheckTarget;
  onClose: () => void;
  onSaved: (check: CheckDto) => void;
}) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const isMobile = useIsMobile();
  const record = useRecordCheck();
  const [id] = useState(newCheckId);
  const [raw, setRaw] = useState('');
  const [symptoms, setSymptoms] = useState<Symptom[]>([]);
  const [method, setMethod] = useState<StaffMethod>(storedMethod);
  const [note, setNote] = useState('');
  const [time, setTime] = useState<Dayjs | null>(null);
  const [tempError, setTempError] = useState<string | null>(null);
  const [timeError, setTimeError] = useState<string | null>(null);
  const [banner, setBanner] = useState<string | null>(null);
  // What was last sent: a retry with the same content resends it exactly (same instant too).
  const sent = useRef<CheckInput | null>(null);

  const temperature = parseTemperature(raw);
  const fever = temperature !== null && temperature >= FEVER_THRESHOLD;
  const escalates = fever || symptoms.length > 0;
  const shift = shiftName(t, target.shift, target.shiftCount);
  const starts = DEFAULT_SCHEDULE.starts;
  const windowText = `${minutesText(starts[target.shift] ?? 0)}–${minutesText(
    starts[target.shift + 1] ?? 24 * 60,
  )}`;

  const validTemperature = (): number | null => {
    if (temperature === null) {
      setTempError(
        raw.trim() ? t('isolation.check.temperatureInvalid') : t('isolation.check.temperatureRequired'),
      );
      return null;
    }
    if (temperature < TEMPERATURE_MIN || temperature > TEMPERATURE_MAX) {
      setTempError(serverMessage('err.temperature.range', currentLanguage()));
      return null;
    }
    setTempError(null);
    return temperature;
  };

  /** The measured instant: now, or the time given for a late entry (in the deployment's zone). */
  const measuredAt = (): string | null => {
    if (!target.late) return new Date().toISOString();
    if (!time) {
      setTimeError(t('isolation.check.timeRequired'));
      return null;
    }
    const at = new Date(
      startOfLocalDay(target.timeZone, target.day).getTime() + (time.hour() * 60 + time.minute()) * 60_000,
    );
    const w = shiftWindow(target.timeZone, target.day, target.shift, DEFAULT_SCHEDULE);
    if (at < w.start || at >= w.end) {
      setTimeError(t('isolation.check.timeOutside', { window: windowText }));
      return null;
    }
    if (at.getTime() > Date.now()) {
      setTimeError(t('isolation.check.timeFuture'));
      return null;
    }
    setTimeError(null);
    return at.toISOString();
  };

  const save = async () => {
    if (record.isPending) return;
    setBanner(null);
    const value = validTemperature();
    const at = measuredAt();
    if (value === null || at === null) return;
    const prev = sent.current;
    const sameContent =
      prev &&
      prev.temperature === value &&
      prev.method === method &&
      (prev.note ?? '') === note.trim() &&
      prev.symptoms.join() === [...symptoms].sort().join() &&
      (!target.late || prev.at === at);
    const body: CheckInput = sameContent
      ? prev
      : {
          id,
          at,
          temperature: value,
          symptoms: [...symptoms].sort(),
          method,
          ...(note.trim() ? { note: note.trim() } : {}),
        };
    sent.current = body;
    try {
      window.localStorage.setItem(METHOD_KEY, method);
    } catch {
      // not remembered; the next sheet starts from the telephone again
    }
    try {
      const check = await record.mutateAsync({ isolationId: target.isolationId, body });
      onSaved(check);
    } catch (error) {
      const fields = error instanceof ApiError ? error.fieldErrors : [];
      const onTemperature = fields.find((f) => f.field === 'temperature');
      const onTime = fields.find((f) => f.field === 'at');
      if (onTemperature) setTempError(onTemperature.message);
      if (onTime) setTimeError(onTime.message);
      const rest = applyProblem(null, error, [], t('error.network'));
      if (!onTemperature && !onTime) setBanner(rest);
      else if (fields.some((f) => f.field !== 'temperature' && f.field !== 'at')) setBanner(rest);
    }
  };

  const toggle = (s: Symptom) =>
    setSymptoms((list) => (list.includes(s) ? list.filter((x) => x !== s) : [...list, s]));

  const label = (text: string, htmlFor?: string) => (
    <label htmlFor={htmlFor} style={{ fontWeight: 600, fontSize: 15 }}>
      {text}
    </label>
  );

  const picks = (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(4, 1fr)', gap: 8 }}>
      {QUICK_PICKS.map((v) => {
        const chosen = temperature === v;
        return (
          <Button
            key={v}
            size="large"
            type={chosen ? 'primary' : 'default'}
            danger={v >= FEVER_THRESHOLD}
            onClick={() => {
              setRaw(v.toFixed(1));
              setTempError(null);
            }}
            style={{ height: 48, fontSize: 16, paddingInline: 0 }}
            data-testid={`check-pick-${v.toFixed(1)}`}
            aria-pressed={chosen}
          >
            {v.toFixed(1)}
          </Button>
        );
      })}
    </div>
  );

  const symptomChips = (
    <div
      style={{ display: 'grid', gridTemplateColumns: isMobile ? '1fr 1fr' : '1fr 1fr 1fr', gap: 8 }}
      data-testid="check-symptoms"
    >
      {SYMPTOMS.map((s) => {
        const on = symptoms.includes(s);
        return (
          <Button
            key={s}
            size="large"
            type={on ? 'primary' : 'default'}
            danger={on}
            onClick={() => toggle(s)}
            aria-pressed={on}
            style={{ height: 44, paddingInline: 8, whiteSpace: 'normal', lineHeight: 1.2 }}
            data-testid={`check-symptom-${s}`}
          >
            {t(`isolation.symptom.${s}`)}
          </Button>
        );
      })}
    </div>
  );

  const body = (
    <div style={{ display: 'grid', gap: 18 }} data-testid="check-sheet">
      {target.address && (
        <Typography.Text type="secondary" style={{ marginTop: -8 }}>
          {target.address}
        </Typography.Text>
      )}
      {target.late && (
        <div style={{ display: 'grid', gap: 6 }}>
          <Alert
            type="warning"
            showIcon
            title={t('isolation.check.lateTitle', { shift, day: target.day })}
            description={t('isolation.check.lateHint', { window: windowText })}
          />
          {label(t('isolation.check.time'), 'check-time')}
          <TimePicker
            id="check-time"
            size="large"
            format="HH:mm"
            value={time}
            onChange={(v) => {
              setTime(v);
              setTimeError(null);
            }}
            inputReadOnly={isMobile}
            status={timeError ? 'error' : undefined}
            style={{ width: '100%' }}
            needConfirm={false}
          />
          {timeError && <Typography.Text type="danger">{timeError}</Typography.Text>}
        </div>
      )}
      <div style={{ display: 'grid', gap: 8 }}>
        {label(t('isolation.check.temperature'), 'check-temperature')}
        <Input
          id="check-temperature"
          value={raw}
          onChange={(e) => {
            setRaw(e.target.value);
            setTempError(null);
          }}
          onPressEnter={() => void save()}
          inputMode="decimal"
          autoFocus={!isMobile && !target.late}
          autoComplete="off"
          maxLength={6}
          placeholder="--.-"
          suffix={<span style={{ fontSize: 20, color: token.colorTextSecondary }}>°C</span>}
          status={tempError ? 'error' : undefined}
          style={{ fontSize: 32, fontWeight: 600, height: 64, color: fever ? token.colorError : undefined }}
          aria-describedby="check-temperature-hint"
          data-testid="check-temperature"
        />
        <Typography.Text
          id="check-temperature-hint"
          type={tempError ? 'danger' : 'secondary'}
          style={{ fontSize: 13 }}
          data-testid="check-temperature-hint"
        >
          {tempError ??
            (temperature !== null && raw.trim() !== temperature.toFixed(1)
              ? t('isolation.check.readAs', { value: formatTemperature(temperature) })
              : t('isolation.check.temperatureHint'))}
        </Typography.Text>
        {picks}
      </div>
      {escalates && (
        <Alert
          type="error"
          showIcon
          icon={<WarningFilled />}
          title={
            fever
              ? t('isolation.check.feverWarning', { value: formatTemperature(temperature ?? 0) })
              : t('isolation.check.symptomWarning')
          }
          description={t('isolation.check.alertWillBeRaised')}
          data-testid="check-fever-warning"
        />
      )}
      <div style={{ display: 'grid', gap: 8 }}>
        {label(t('isolation.check.symptoms'))}
        {symptomChips}
      </div>
      <div style={{ display: 'grid', gap: 8 }}>
        {label(t('isolation.check.method'))}
        <Segmented<StaffMethod>
          block
          size="large"
          value={method}
          onChange={setMethod}
          options={[
            { value: 'phone', label: t('isolation.method.phone'), icon: <PhoneOutlined /> },
            { value: 'visit', label: t('isolation.method.visit') },
          ]}
          data-testid="check-method"
        />
      </div>
      <div style={{ display: 'grid', gap: 8 }}>
        {label(t('isolation.check.note'), 'check-note')}
        <Input.TextArea
          id="check-note"
          value={note}
          onChange={(e) => setNote(e.target.value)}
          maxLength={200}
          autoSize={{ minRows: 1, maxRows: 4 }}
          placeholder={t('isolation.check.notePlaceholder')}
        />
      </div>
      {banner && <Alert type="error" showIcon title={banner} data-testid="check-error" />}
    </div>
  );

  return (
    <Drawer
      open
      placement={isMobile ? 'bottom' : 'right'}
      size={isMobile ? '90%' : 460}
      onClose={onClose}
      destroyOnHidden
      title={
        <span data-testid="check-title">
          {target.name} · {t('isolation.check.title', { shift })}
        </span>
      }
      styles={{ body: { padding: isMobile ? 16 : 24 } }}
      footer={
        <Button
          type="primary"
          danger={escalates}
          size="large"
          block
          loading={record.isPending}
          onClick={() => void save()}
          style={{ height: 56, fontSize: 18 }}
          data-testid="check-save"
        >
          {t('common.save')}
        </Button>
      }
    >
      {body}
    </Drawer>
  );
}
