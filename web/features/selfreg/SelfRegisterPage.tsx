import { EnvironmentOutlined, PlusOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Result, Steps, Typography, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { PersonInput } from '../../../domain/registry';
import { ApiError } from '../../app/api/client';
import { currentLanguage } from '../../app/i18n';
import { Brand } from '../../app/shell/Brand';
import { LanguageSwitch } from '../../app/shell/LanguageSwitch';
import { errorMessage, LoadError, Loading } from '../../components/states';
import { checkRow, isBlank, problemToRows, type RowErrors, toPersonInput } from '../registry/entry-rows';
import { type FieldErrors, newSelfRow, PersonCard, type SelfRow } from './PersonCard';
import { RoomStep } from './RoomStep';
import { type PublicForm, type PublicRoom, usePublicForm, useSubmitRegistration } from './selfreg.api';

const MAX_PERSONS = 10;

function toInput(r: SelfRow): PersonInput {
  const base = toPersonInput(
    r.travelled ? r : { ...r, travelFrom: '', returnedOn: '', transport: undefined },
  );
  return { ...base, residenceStatus: r.residenceStatus };
}

const roomAddress = (compound: string, r: PublicRoom) =>
  [compound, r.building, r.entrance, r.name].filter(Boolean).join(' ');

/**
 * `/r/:token`: what a resident sees after scanning the compound's QR code, without an account.
 * Room, household, privacy notice, thanks. Mistakes in ID numbers and phones show while typing.
 */
export function SelfRegisterPage() {
  const { token = '' } = useParams();
  const { t } = useTranslation();
  const form = usePublicForm(token);

  let body: React.ReactNode;
  if (form.isPending) body = <Loading minHeight={320} />;
  else if (form.isError) {
    const status = form.error instanceof ApiError ? form.error.status : 0;
    if (status === 404 || status === 400)
      body = (
        <Result
          status="warning"
          title={t('selfreg.invalidTitle')}
          subTitle={t('selfreg.invalidHint')}
          data-testid="selfreg-invalid"
        />
      );
    else if (status === 429)
      body = <Result status="warning" title={t('selfreg.rateLimited')} data-testid="selfreg-rate-limited" />;
    else body = <LoadError error={form.error} onRetry={() => void form.refetch()} />;
  } else body = <Wizard token={token} form={form.data} />;

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

function Wizard({ token, form }: { token: string; form: PublicForm }) {
  const { t } = useTranslation();
  const { token: theme_ } = theme.useToken();
  const submit = useSubmitRegistration(token);
  const [step, setStep] = useState(0);
  const [room, setRoom] = useState<PublicRoom | undefined>();
  const [rows, setRows] = useState<SelfRow[]>(() => [newSelfRow(true)]);
  const [errors, setErrors] = useState<RowErrors>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [consent, setConsent] = useState(false);
  const [done, setDone] = useState(false);
  const locale = currentLanguage();

  const go = (next: number) => {
    setStep(next);
    setBanner(null);
    window.scrollTo(0, 0);
  };

  const filled = rows.filter((r) => !isBlank(r));
  const checkPersons = (): boolean => {
    const texts = {
      nameRequired: t('registry.entryPage.nameRequired'),
      docFormat: t('registry.hint.docFormat'),
      dateInvalid: t('registry.hint.dateInvalid'),
    };
    const next: RowErrors = {};
    const list = filled.length > 0 ? filled : rows.slice(0, 1);
    for (const r of list) {
      const e = checkRow(r.travelled ? r : { ...r, returnedOn: '' }, locale, texts);
      if (Object.keys(e).length > 0) next[r.key] = e;
    }
    setErrors(next);
    if (Object.keys(next).length > 0) {
      setBanner(t('selfreg.fixErrors'));
      return false;
    }
    return true;
  };

  const send = () => {
    if (!room) return;
    setBanner(null);
    submit.mutate(
      { roomId: room.id, persons: filled.map(toInput), consent: true },
      {
        onSuccess: () => {
          setDone(true);
          window.scrollTo(0, 0);
        },
        onError: (error) => {
          if (error instanceof ApiError && error.status === 429) {
            setBanner(t('selfreg.rateLimited'));
            return;
          }
          const placed = problemToRows(error, (i) => (i === null ? undefined : filled[i]?.key));
          if (placed.placed) {
            setErrors(placed.errors);
            go(1);
          }
          setBanner(
            [
              placed.placed ? t('selfreg.fixErrors') : errorMessage(error, t('error.network')),
              ...placed.rest,
            ].join('；'),
          );
        },
      },
    );
  };

  if (done)
    return (
      <Card>
        <Result
          status="success"
          title={t('selfreg.doneTitle')}
          subTitle={t('selfreg.doneHint')}
          data-testid="selfreg-done"
          extra={
            <Button
              size="large"
              onClick={() => {
                setDone(false);
                setRoom(undefined);
                setRows([newSelfRow(true)]);
                setConsent(false);
                setErrors({});
                go(0);
              }}
            >
              {t('selfreg.again')}
            </Button>
          }
        />
      </Card>
    );

  const address = room ? roomAddress(form.compound, room) : null;
  const controller = [form.subdistrict, form.community].filter(Boolean).join(' ');
  const bar = (children: React.ReactNode) => (
    <div style={{ display: 'flex', gap: 8, marginTop: 16 }}>{children}</div>
  );

  return (
    <div
      style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: 12 }}
      data-testid="selfreg-page"
    >
      <div>
        <Typography.Title level={3} style={{ margin: '4px 0' }} data-testid="selfreg-compound">
          {form.compound}
        </Typography.Title>
        <Typography.Text type="secondary">{t('selfreg.title')}</Typography.Text>
      </div>
      <Steps
        size="small"
        current={step}
        responsive={false}
        titlePlacement="vertical"
        items={[
          { title: t('selfreg.steps.room') },
          { title: t('selfreg.steps.persons') },
          { title: t('selfreg.steps.confirm') },
        ]}
      />
      {address && step > 0 && (
        <div style={{ display: 'flex', gap: 8, alignItems: 'center' }} data-testid="selfreg-address">
          <EnvironmentOutlined style={{ color: theme_.colorPrimary }} />
          <span style={{ fontWeight: 600 }}>{address}</span>
        </div>
      )}
      {banner && <Alert type="error" showIcon title={banner} data-testid="selfreg-banner" />}

      {step === 0 && (
        <Card>
          <Typography.Paragraph type="secondary">{t('selfreg.intro')}</Typography.Paragraph>
          {form.rooms.length === 0 ? (
            <Alert type="info" showIcon title={t('selfreg.noRooms')} />
          ) : (
            <RoomStep rooms={form.rooms} value={room?.id} onChange={setRoom} />
          )}
          {bar(
            <Button
              type="primary"
              size="large"
              block
              disabled={!room}
              onClick={() => go(1)}
              data-testid="selfreg-next"
            >
              {t('selfreg.next')}
            </Button>,
          )}
        </Card>
      )}

      {step === 1 && (
        <>
          {rows.map((r, i) => (
            <PersonCard
              key={r.key}
              index={i}
              row={r}
              errors={(errors[r.key] ?? {}) as FieldErrors}
              onChange={(patch) => {
                setRows((all) => all.map((x) => (x.key === r.key ? { ...x, ...patch } : x)));
                setBanner(null);
                setErrors((all) => {
                  const { [r.key]: _, ...rest } = all;
                  return rest;
                });
              }}
              onRemove={
                rows.length > 1 ? () => setRows((all) => all.filter((x) => x.key !== r.key)) : undefined
              }
            />
          ))}
          <Button
            size="large"
            type="dashed"
            icon={<PlusOutlined />}
            block
            disabled={rows.length >= MAX_PERSONS}
            onClick={() => setRows((all) => [...all, newSelfRow()])}
            data-testid="selfreg-add"
          >
            {rows.length >= MAX_PERSONS
              ? t('selfreg.maxPersons', { max: String(MAX_PERSONS) })
              : t('selfreg.addPerson')}
          </Button>
          {bar(
            <>
              <Button size="large" onClick={() => go(0)} style={{ flex: 1 }}>
                {t('selfreg.prev')}
              </Button>
              <Button
                type="primary"
                size="large"
                style={{ flex: 2 }}
                onClick={() => checkPersons() && go(2)}
                data-testid="selfreg-next"
              >
                {t('selfreg.next')}
              </Button>
            </>,
          )}
        </>
      )}

      {step === 2 && (
        <Card
          title={
            <span>
              <SafetyCertificateOutlined style={{ color: theme_.colorPrimary, marginInlineEnd: 8 }} />
              {t('selfreg.privacy.title')}
            </span>
          }
          data-testid="selfreg-privacy"
        >
          <dl style={{ margin: 0, display: 'grid', gap: 10 }}>
            {(
              [
                ['purpose', t('selfreg.privacy.purposeText')],
                ['fields', t('selfreg.privacy.fieldsText')],
                ['retention', t('selfreg.privacy.retentionText')],
                ['controller', controller || t('selfreg.privacy.controllerFallback')],
              ] as const
            ).map(([k, text]) => (
              <div key={k}>
                <dt style={{ fontWeight: 600 }}>{t(`selfreg.privacy.${k}`)}</dt>
                <dd style={{ margin: 0, color: theme_.colorTextSecondary }}>{text}</dd>
              </div>
            ))}
          </dl>
          <Alert
            style={{ marginTop: 16 }}
            type="info"
            title={t('selfreg.summary', { address: address ?? '', count: filled.length })}
            description={filled.map((r) => r.name.trim()).join(t('registry.listSeparator'))}
            data-testid="selfreg-summary"
          />
          <Checkbox
            checked={consent}
            onChange={(e) => setConsent(e.target.checked)}
            style={{ marginTop: 16, fontSize: 15 }}
            data-testid="selfreg-consent"
          >
            {t('selfreg.privacy.agree')}
          </Checkbox>
          {bar(
            <>
              <Button size="large" onClick={() => go(1)} style={{ flex: 1 }}>
                {t('selfreg.prev')}
              </Button>
              <Button
                type="primary"
                size="large"
                style={{ flex: 2 }}
                disabled={!consent}
                loading={submit.isPending}
                onClick={send}
                data-testid="selfreg-submit"
              >
                {t('selfreg.submit')}
              </Button>
            </>,
          )}
          {!consent && (
            <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8, fontSize: 13 }}>
              {t('selfreg.privacy.mustAgree')}
            </Typography.Text>
          )}
        </Card>
      )}
    </div>
  );
}
