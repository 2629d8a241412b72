import { CheckCircleFilled, MinusOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Input, Result, Typography, theme } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import {
  escalation,
  isFever,
  readTemperature,
  type SelfReportAnswer,
  type SelfReportView,
  SYMPTOMS,
  type Symptom,
  TEMPERATURE_MAX,
  TEMPERATURE_MIN,
} from '../../../domain/isolation';
import { ApiError } from '../../app/api/client';
import { currentLanguage } from '../../app/i18n';
import { Brand } from '../../app/shell/Brand';
import { LanguageSwitch } from '../../app/shell/LanguageSwitch';
import { LoadError, Loading } from '../../components/states';
import { deviceUuid, useSelfReportView, useSubmitSelfReport } from './selfreport.api';

type View = SelfReportView & { offset: number };
type ShiftRow = SelfReportView['shifts'][number];

const PICKS = [36.0, 36.1, 36.2, 36.3, 36.4, 36.5, 36.6, 36.7, 36.8, 36.9];
const BIG = 18;

function clockTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
}

function longDate(day: string, timeZone: string): string {
  const locale = currentLanguage() === 'en' ? 'en-GB' : 'zh-CN';
  // Noon of the day, so no time zone can move it to another date.
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    month: 'long',
    day: 'numeric',
    weekday: 'long',
  }).format(new Date(`${day}T12:00:00+08:00`));
}

/**
 * `/q/:token`: a resident in home isolation reports a temperature on a secret link, without an
 * account. Made for a phone and an elderly person: big type, big targets, few words, one clear
 * "sent" state. Reports are dated by the server's clock and carry a UUID made once per reading, so
 * tapping "Send" again after a network failure never counts twice.
 */
export function SelfReportPage() {
  const { token = '' } = useParams();
  const { t } = useTranslation();
  const view = useSelfReportView(token);

  let body: React.ReactNode;
  if (view.isPending) body = <Loading minHeight={320} />;
  else if (view.isError) {
    const status = view.error instanceof ApiError ? view.error.status : 0;
    if (status === 404 || status === 400)
      body = (
        <Result
          status="warning"
          title={<span style={{ fontSize: 24 }}>{t('selfreport.invalidTitle')}</span>}
          subTitle={<span style={{ fontSize: BIG }}>{t('selfreport.invalidHint')}</span>}
          data-testid="selfreport-invalid"
        />
      );
    else if (status === 429)
      body = (
        <Result
          status="warning"
          title={<span style={{ fontSize: 22 }}>{t('selfreport.rateLimited')}</span>}
          data-testid="selfreport-rate-limited"
        />
      );
    else body = <LoadError error={view.error} onRetry={() => void view.refetch()} />;
  } else body = <Report token={token} view={view.data} />;

  return (
    <div style={{ minHeight: '100vh', background: '#f3f5f9', display: 'flex', flexDirection: 'column' }}>
      <header
        style={{
          background: '#15396b',
          padding: '8px 12px',
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'space-between',
        }}
      >
        <Brand light size={28} />
        <LanguageSwitch light />
      </header>
      <main
        style={{
          flex: 1,
          width: '100%',
          maxWidth: 560,
          margin: '0 auto',
          padding: '12px 12px 32px',
          boxSizing: 'border-box',
        }}
      >
        {body}
      </main>
    </div>
  );
}

function ShiftTile({ row, view }: { row: ShiftRow; view: View }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const colours: Record<ShiftRow['state'], { bg: string; border: string; fg: string }> = {
    done: { bg: '#f0fdf4', border: '#22c55e', fg: '#15803d' },
    due: { bg: '#fffbeb', border: '#f59e0b', fg: '#b45309' },
    overdue: { bg: '#fef2f2', border: '#fca5a5', fg: '#b91c1c' },
    not_yet_due: { bg: '#f8fafc', border: '#e2e8f0', fg: token.colorTextSecondary },
    none: { bg: '#f8fafc', border: '#e2e8f0', fg: token.colorTextTertiary },
  };
  const c = colours[row.state];
  const label = t(row.shift === 0 ? 'selfreport.shift0' : 'selfreport.shift1');
  return (
    <div
      data-testid={`selfreport-shift-${row.shift}`}
      data-state={row.state}
      style={{
        flex: 1,
        minWidth: 0,
        border: `2px solid ${c.border}`,
        background: c.bg,
        borderRadius: 12,
        padding: '10px 12px',
        textAlign: 'center',
      }}
    >
      <div style={{ fontSize: BIG, fontWeight: 600 }}>{label}</div>
      <div style={{ fontSize: BIG, color: c.fg, fontWeight: 600, marginTop: 2 }}>
        {row.state === 'done' && <CheckCircleFilled style={{ marginInlineEnd: 6 }} />}
        {t(`selfreport.state.${row.state}`, { time: clockTime(row.start, view.timeZone) })}
      </div>
      {row.state === 'done' && row.at && row.temperature !== null && (
        <div
          style={{
            fontSize: 15,
            marginTop: 2,
            color: isFever(row.temperature) ? '#b91c1c' : c.fg,
            fontWeight: isFever(row.temperature) ? 700 : 400,
          }}
        >
          {t('selfreport.doneAt', {
            time: clockTime(row.at, view.timeZone),
            temperature: row.temperature.toFixed(1),
          })}
        </div>
      )}
    </div>
  );
}

function Report({ token, view }: { token: string; view: View }) {
  const { t } = useTranslation();
  const { token: theme_ } = theme.useToken();
  const submit = useSubmitSelfReport(token);
  const [text, setText] = useState('');
  const [symptoms, setSymptoms] = useState<Symptom[] | null>(null);
  const [touched, setTouched] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const [sent, setSent] = useState<SelfReportAnswer | null>(null);
  const [again, setAgain] = useState(false);
  // One reading, one id and one time: a resend after a failure is the same report.
  const pending = useRef<{ key: string; id: string; at: string } | null>(null);

  const current = view.shifts[view.currentShift];
  const temperature = readTemperature(text);
  const raised = temperature !== null && escalation({ temperature, symptoms: symptoms ?? [] }) !== null;
  const shiftLabel = (shift: number) => t(shift === 0 ? 'selfreport.shift0' : 'selfreport.shift1');

  const reset = () => {
    setText('');
    setSymptoms(null);
    setTouched(false);
    setFailed(null);
    pending.current = null;
  };

  const step = (delta: number) => {
    const base = temperature ?? 36.5;
    const next = Math.round((base + delta) * 10) / 10;
    if (next >= TEMPERATURE_MIN && next <= TEMPERATURE_MAX) setText(next.toFixed(1));
  };

  const toggle = (s: Symptom) =>
    setSymptoms((all) => {
      const list = all ?? [];
      return list.includes(s) ? list.filter((x) => x !== s) : [...list, s];
    });

  const send = () => {
    setTouched(true);
    if (temperature === null) return;
    const chosen = [...(symptoms ?? [])].sort();
    const key = JSON.stringify([temperature, chosen]);
    if (pending.current?.key !== key) {
      pending.current = {
        key,
        id: deviceUuid(),
        at: new Date(Date.now() + view.offset).toISOString(),
      };
    }
    const { id, at } = pending.current;
    setFailed(null);
    submit.mutate(
      { id, at, temperature, symptoms: chosen },
      {
        onSuccess: (answer) => {
          setSent(answer);
          setAgain(false);
          reset();
          window.scrollTo(0, 0);
        },
        onError: (error) => {
          if (error instanceof ApiError && error.status === 429) setFailed(t('selfreport.rateLimited'));
          else if (error instanceof ApiError && error.status > 0 && error.status < 500)
            setFailed(error.problem?.errors?.[0]?.message ?? error.message);
          else setFailed(t('selfreport.sendFailed'));
        },
      },
    );
  };

  const header = (
    <div>
      <Typography.Title level={3} style={{ margin: '4px 0', fontSize: 26 }} data-testid="selfreport-name">
        {t('selfreport.hello', { name: view.name })}
      </Typography.Title>
      <div style={{ fontSize: 16, color: theme_.colorTextSecondary }}>
        {t('selfreport.title')} · {t('selfreport.today', { date: longDate(view.date, view.timeZone) })}
      </div>
    </div>
  );
  const tiles = (
    <div style={{ display: 'flex', gap: 10 }}>
      {view.shifts.map((row) => (
        <ShiftTile key={row.shift} row={row} view={view} />
      ))}
    </div>
  );

  if (sent && !again) {
    return (
      <div style={{ display: 'grid', gap: 12 }} data-testid="selfreport-page">
        {header}
        <Card styles={{ body: { padding: '24px 16px' } }}>
          <div style={{ textAlign: 'center' }} data-testid="selfreport-done">
            <CheckCircleFilled style={{ fontSize: 72, color: '#16a34a' }} />
            <div style={{ fontSize: 34, fontWeight: 700, marginTop: 8 }}>{t('selfreport.doneTitle')}</div>
            <div style={{ fontSize: 22, marginTop: 6 }} data-testid="selfreport-done-detail">
              {t('selfreport.doneDetail', {
                shift: shiftLabel(sent.shift),
                time: clockTime(sent.at, view.timeZone),
                temperature: sent.temperature.toFixed(1),
              })}
            </div>
            {sent.escalation ? (
              <Alert
                type="error"
                showIcon
                style={{ marginTop: 16, textAlign: 'start', fontSize: 17 }}
                title={<span style={{ fontSize: 17 }}>{t('selfreport.doneAlert')}</span>}
                data-testid="selfreport-done-alert"
              />
            ) : (
              <div style={{ fontSize: 17, marginTop: 10, color: theme_.colorTextSecondary }}>
                {t('selfreport.doneConfirm')}
              </div>
            )}
          </div>
        </Card>
        {tiles}
        <Button
          size="large"
          block
          style={{ height: 56, fontSize: BIG }}
          onClick={() => setAgain(true)}
          data-testid="selfreport-again"
        >
          {t('selfreport.again')}
        </Button>
      </div>
    );
  }

  const open = current && current.state !== 'none';
  return (
    <div style={{ display: 'grid', gap: 12 }} data-testid="selfreport-page">
      {header}
      {tiles}
      {!open ? (
        <Alert
          type="info"
          showIcon
          title={<span style={{ fontSize: BIG }}>{t('selfreport.nothingNow')}</span>}
        />
      ) : (
        <Card
          title={
            <span style={{ fontSize: 22 }}>
              {t('selfreport.formTitle', { shift: shiftLabel(view.currentShift) })}
            </span>
          }
          styles={{ body: { padding: 16 } }}
        >
          {current.state === 'done' && (
            <Typography.Paragraph type="secondary" style={{ fontSize: 16 }}>
              {t('selfreport.formAgain')}
            </Typography.Paragraph>
          )}
          <label
            htmlFor="selfreport-temperature"
            style={{ fontSize: BIG, fontWeight: 600, display: 'block' }}
          >
            {t('selfreport.temperature')}
          </label>
          <div style={{ display: 'flex', gap: 8, alignItems: 'stretch', marginTop: 6 }}>
            <Button
              aria-label={t('selfreport.down')}
              icon={<MinusOutlined />}
              onClick={() => step(-0.1)}
              style={{ width: 64, height: 72, fontSize: 22, flex: 'none' }}
            />
            <Input
              id="selfreport-temperature"
              data-testid="selfreport-temperature"
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                setFailed(null);
              }}
              onBlur={() => setTouched(true)}
              inputMode="decimal"
              autoComplete="off"
              maxLength={5}
              placeholder={t('selfreport.temperaturePlaceholder')}
              suffix={<span style={{ fontSize: 24, color: theme_.colorTextSecondary }}>℃</span>}
              status={touched && text && temperature === null ? 'error' : undefined}
              style={{ height: 72, flex: 1, minWidth: 0 }}
              styles={{ input: { fontSize: 36, fontWeight: 700, textAlign: 'center' } }}
            />
            <Button
              aria-label={t('selfreport.up')}
              icon={<PlusOutlined />}
              onClick={() => step(0.1)}
              style={{ width: 64, height: 72, fontSize: 22, flex: 'none' }}
            />
          </div>
          <div
            style={{
              fontSize: 15,
              marginTop: 6,
              color: touched && temperature === null ? theme_.colorError : theme_.colorTextSecondary,
            }}
            data-testid="selfreport-temperature-hint"
          >
            {touched && temperature === null
              ? t('selfreport.temperatureRange')
              : t('selfreport.temperatureHint')}
          </div>
          <div
            style={{
              display: 'grid',
              gridTemplateColumns: 'repeat(5, minmax(0, 1fr))',
              gap: 8,
              marginTop: 10,
            }}
          >
            {PICKS.map((p) => (
              <Button
                key={p}
                type={temperature === p ? 'primary' : 'default'}
                onClick={() => {
                  setText(p.toFixed(1));
                  setFailed(null);
                }}
                style={{ height: 52, fontSize: BIG, padding: 0 }}
                data-testid={`selfreport-pick-${p.toFixed(1)}`}
              >
                {p.toFixed(1)}
              </Button>
            ))}
          </div>

          <fieldset style={{ border: 0, padding: 0, margin: '20px 0 0', minWidth: 0 }}>
            <legend style={{ fontSize: BIG, fontWeight: 600, margin: 0, padding: 0 }}>
              {t('selfreport.symptomsTitle')}
            </legend>
            <div style={{ fontSize: 15, color: theme_.colorTextSecondary }}>
              {t('selfreport.symptomsHint')}
            </div>
            <div
              style={{
                display: 'grid',
                gridTemplateColumns: 'repeat(2, minmax(0, 1fr))',
                gap: 8,
                marginTop: 8,
              }}
            >
              <Tile
                checked={symptoms !== null && symptoms.length === 0}
                onChange={() => setSymptoms([])}
                testId="selfreport-none"
                wide
              >
                {t('selfreport.noSymptoms')}
              </Tile>
              {SYMPTOMS.map((s) => (
                <Tile
                  key={s}
                  checked={symptoms?.includes(s) ?? false}
                  onChange={() => toggle(s)}
                  testId={`selfreport-symptom-${s}`}
                  danger
                >
                  {t(`selfreport.symptom.${s}`)}
                </Tile>
              ))}
            </div>
          </fieldset>

          {raised && (
            <Alert
              type="error"
              showIcon
              style={{ marginTop: 16 }}
              title={<span style={{ fontSize: BIG, fontWeight: 600 }}>{t('selfreport.warnTitle')}</span>}
              description={<span style={{ fontSize: 16 }}>{t('selfreport.warnText')}</span>}
              data-testid="selfreport-warning"
            />
          )}
          {failed && (
            <Alert
              type="error"
              showIcon
              style={{ marginTop: 16 }}
              title={<span style={{ fontSize: 16 }}>{failed}</span>}
              data-testid="selfreport-failed"
            />
          )}
          <Button
            type="primary"
            size="large"
            block
            loading={submit.isPending}
            onClick={send}
            style={{ height: 64, fontSize: 24, marginTop: 16 }}
            data-testid="selfreport-submit"
          >
            {t('selfreport.submit')}
          </Button>
          {sent && again && (
            <Button type="link" block style={{ marginTop: 4, fontSize: 16 }} onClick={() => setAgain(false)}>
              {t('selfreport.back')}
            </Button>
          )}
        </Card>
      )}
      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
        {t('selfreport.privacy')}
      </Typography.Text>
    </div>
  );
}

/** A big toggle: the whole tile is the target; its state is said by colour, a tick and the checkbox. */
function Tile({
  checked,
  onChange,
  children,
  testId,
  danger,
  wide,
}: {
  checked: boolean;
  onChange: () => void;
  children: React.ReactNode;
  testId: string;
  danger?: boolean;
  wide?: boolean;
}) {
  const on = danger
    ? { bg: '#fef2f2', border: '#ef4444', fg: '#b91c1c' }
    : { bg: '#f0fdf4', border: '#22c55e', fg: '#15803d' };
  return (
    <label
      data-testid={testId}
      data-checked={checked}
      style={{
        gridColumn: wide ? '1 / -1' : undefined,
        position: 'relative',
        minHeight: 52,
        padding: '8px 10px',
        borderRadius: 10,
        border: `2px solid ${checked ? on.border : '#d9d9d9'}`,
        background: checked ? on.bg : '#fff',
        color: checked ? on.fg : 'inherit',
        fontSize: 17,
        fontWeight: checked ? 600 : 400,
        display: 'flex',
        alignItems: 'center',
        gap: 8,
        cursor: 'pointer',
      }}
    >
      <input
        type="checkbox"
        checked={checked}
        onChange={onChange}
        style={{ position: 'absolute', opacity: 0, width: 1, height: 1, margin: 0 }}
      />
      <span
        aria-hidden
        style={{
          flex: 'none',
          width: 22,
          height: 22,
          borderRadius: 6,
          border: `2px solid ${checked ? on.border : '#bfbfbf'}`,
          background: checked ? on.border : '#fff',
          color: '#fff',
          fontSize: 15,
          lineHeight: '18px',
          textAlign: 'center',
        }}
      >
        {checked ? '✓' : ''}
      </span>
      <span>{children}</span>
    </label>
  );
}
