import {
  ArrowLeftOutlined,
  CalendarOutlined,
  CheckCircleOutlined,
  EditOutlined,
  HomeOutlined,
  LockOutlined,
  LogoutOutlined,
  MedicineBoxOutlined,
  SwapOutlined,
} from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Progress,
  Row,
  Table,
  type TableColumnsType,
  Tag,
  Timeline,
  Typography,
  theme,
} from 'antd';
import dayjs from 'dayjs';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import {
  type CheckDto,
  DEFAULT_SCHEDULE,
  daysBetween,
  type IsolationDto,
  localTime,
  slotOf,
  type WorklistDto,
} from '../../../domain/isolation';
import { type ColumnT, formatDateTime } from '../../components/format';
import { EmptyState, LoadError, Loading } from '../../components/states';
import { useIsMobile } from '../../components/use-is-mobile';
import { hasPermission, useSession } from '../auth/auth.api';
import { CheckConfirmButton } from './CheckConfirm';
import { CheckSheet, type CheckTarget } from './CheckSheet';
import { ExtendModal, FollowUpModal, localToday, ReleaseModal, TransferModal } from './IsolationActions';
import {
  CategoryTag,
  detailsSummary,
  formatTemperature,
  isFeverish,
  KindTag,
  StatusTag,
  shiftName,
} from './IsolationDisplay';
import { IsolationNav } from './IsolationNav';
import { SelfReportCard } from './IsolationSelfReport';
import { isolationKeys, useIsolation } from './isolation.api';
import { KeyPersonEditModal } from './KeyPersonEditModal';
import { useIsolationEvents } from './use-isolation-events';

type Dialog = 'check' | 'extend' | 'transfer' | 'release' | 'edit' | null;
const ACTIONS = ['check', 'extend', 'transfer', 'release', 'edit'] as const;

/** `/isolation/orders/:isolationId`: one order, its continuous history, its checks and follow-ups. */
export function IsolationPage() {
  const { isolationId } = useParams();
  const order = useIsolation(isolationId);
  useIsolationEvents();
  let body: ReactNode;
  if (order.isPending)
    body = (
      <Card>
        <Loading minHeight={320} />
      </Card>
    );
  else if (order.isError)
    body = (
      <Card>
        <BackLink />
        <LoadError error={order.error} onRetry={() => void order.refetch()} />
      </Card>
    );
  else body = <OrderView order={order.data} />;
  return (
    <>
      <IsolationNav />
      {body}
    </>
  );
}

function BackLink() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Button
      type="link"
      icon={<ArrowLeftOutlined />}
      style={{ paddingInline: 0, marginBottom: 8 }}
      onClick={() => (window.history.length > 1 ? navigate(-1) : navigate('/isolation'))}
    >
      {t('isolation.order.back')}
    </Button>
  );
}

/** The deployment's time zone as a cached worklist reported it, else the browser's own. */
function useDeploymentTimeZone(): string {
  const queryClient = useQueryClient();
  const cached = queryClient
    .getQueriesData<WorklistDto>({ queryKey: isolationKeys.worklists })
    .find(([, w]) => w?.timeZone)?.[1]?.timeZone;
  return cached ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function OrderView({ order }: { order: IsolationDto }) {
  const me = useSession();
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const { message, notification } = App.useApp();
  const isMobile = useIsMobile();
  const [sp, setSp] = useSearchParams();
  const timeZone = useDeploymentTimeZone();
  const canWrite = hasPermission(me, 'isolation.write');
  const active = order.status === 'active';
  const [dialog, setDialog] = useState<Dialog>(null);
  const [followUp, setFollowUp] = useState<IsolationDto['followUps'][number] | null>(null);
  const [check, setCheck] = useState<CheckTarget | null>(null);

  // `?action=release` (from the worklist's "ending today") opens that dialog once.
  const action = ACTIONS.find((a) => a === sp.get('action'));
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once per action in the address
  useEffect(() => {
    if (!action) return;
    if (canWrite && (active || action === 'edit')) {
      if (action === 'check') openCheck();
      else setDialog(action);
    }
    const next = new URLSearchParams(sp);
    next.delete('action');
    setSp(next, { replace: true });
  }, [action]);

  function openCheck() {
    const now = new Date();
    const slot = slotOf(timeZone, now, DEFAULT_SCHEDULE);
    setCheck({
      isolationId: order.id,
      name: order.keyPerson.name,
      address: order.keyPerson.address,
      day: localTime(timeZone, now).day,
      timeZone,
      shift: slot.shift,
      shiftCount: DEFAULT_SCHEDULE.starts.length,
      late: false,
    });
  }

  const today = localToday();
  const total = daysBetween(order.startOn, order.plannedEndOn) + 1;
  const endDay = order.endedAt ? localTime(timeZone, new Date(order.endedAt)).day : today;
  const dayNo = Math.max(1, Math.min(total, daysBetween(order.startOn, endDay) + 1));
  const size = isMobile ? 'large' : 'middle';
  const none = <Typography.Text type="secondary">—</Typography.Text>;

  const actions = canWrite && (
    <div
      style={{
        display: 'grid',
        gridTemplateColumns: isMobile ? '1fr 1fr' : 'repeat(4, auto)',
        gap: 8,
        width: isMobile ? '100%' : undefined,
      }}
    >
      {active && (
        <Button
          type="primary"
          size={size}
          icon={<MedicineBoxOutlined />}
          onClick={openCheck}
          data-testid="order-check"
        >
          {t('isolation.order.check')}
        </Button>
      )}
      {active && (
        <Button
          size={size}
          icon={<CalendarOutlined />}
          onClick={() => setDialog('extend')}
          data-testid="order-extend"
        >
          {t('isolation.order.extend')}
        </Button>
      )}
      {active && (
        <Button
          size={size}
          icon={<SwapOutlined />}
          onClick={() => setDialog('transfer')}
          data-testid="order-transfer"
        >
          {t('isolation.order.transfer')}
        </Button>
      )}
      {active && (
        <Button
          size={size}
          icon={<LogoutOutlined />}
          onClick={() => setDialog('release')}
          data-testid="order-release"
        >
          {t('isolation.order.release')}
        </Button>
      )}
    </div>
  );

  const header = (
    <Card styles={{ body: { padding: isMobile ? 16 : 24 } }}>
      <BackLink />
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 16, flexWrap: 'wrap' }}>
        <div style={{ display: 'grid', gap: 6, minWidth: 0 }}>
          <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' }}>
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="order-name">
              {order.keyPerson.name}
            </Typography.Title>
            <CategoryTag category={order.keyPerson.category} />
            <StatusTag status={order.status} />
            <KindTag kind={order.kind} siteName={order.site?.name} />
            {order.doorSealed && (
              <Tag icon={<LockOutlined />} color="gold" style={{ marginInlineEnd: 0 }}>
                {t('isolation.field.doorSealed')}
              </Tag>
            )}
          </div>
          {hasPermission(me, 'persons.read') ? (
            <Link
              to={`/registry/persons/${order.keyPerson.personId}`}
              style={{ color: token.colorTextSecondary }}
            >
              <HomeOutlined /> {order.keyPerson.address}
            </Link>
          ) : (
            <Typography.Text type="secondary">
              <HomeOutlined /> {order.keyPerson.address}
            </Typography.Text>
          )}
          <div style={{ display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap' }}>
            <span data-testid="order-dates">
              {t('isolation.order.dates', { start: order.startOn, end: order.plannedEndOn })}
            </span>
            {active && (
              <Typography.Text strong data-testid="order-day">
                {t('isolation.order.dayOf', { n: String(dayNo), total: String(total) })}
              </Typography.Text>
            )}
          </div>
          {active && (
            <Progress
              percent={Math.round((dayNo / total) * 100)}
              showInfo={false}
              size="small"
              style={{ maxWidth: 360, margin: 0 }}
            />
          )}
        </div>
        {actions}
      </div>
    </Card>
  );

  const kp = order.keyPerson;
  const details = [
    {
      key: 'category',
      label: t('isolation.field.category'),
      children: <CategoryTag category={kp.category} />,
    },
    {
      key: 'details',
      label: t('isolation.field.details'),
      children: detailsSummary(t, kp.category, kp.details) || none,
    },
    { key: 'source', label: t('isolation.field.source'), children: t(`isolation.source.${kp.source}`) },
    {
      key: 'placement',
      label: t('isolation.field.kind'),
      children:
        order.kind === 'site' && order.site
          ? [
              order.site.name,
              order.site.room,
              order.site.bed && t('isolation.placement.bedNo', { bed: order.site.bed }),
            ]
              .filter(Boolean)
              .join(' · ')
          : t('isolation.kind.home'),
    },
    { key: 'startOn', label: t('isolation.field.startOn'), children: order.startOn },
    { key: 'plannedEndOn', label: t('isolation.field.plannedEnd'), children: order.plannedEndOn },
    {
      key: 'doorSealed',
      label: t('isolation.field.doorSealed'),
      children: order.doorSealed ? t('isolation.order.sealed') : t('isolation.order.notSealed'),
    },
    ...(order.endedAt
      ? [{ key: 'endedAt', label: t('isolation.field.endedAt'), children: formatDateTime(order.endedAt) }]
      : []),
    { key: 'note', label: t('isolation.field.note'), children: kp.note || none },
  ];

  const team = (
    <Card
      title={t('isolation.order.team')}
      styles={{ body: { padding: 16 } }}
      extra={
        canWrite && (
          <Button
            type="link"
            icon={<EditOutlined />}
            onClick={() => setDialog('edit')}
            data-testid="order-edit"
          >
            {t('isolation.order.editKeyPerson')}
          </Button>
        )
      }
    >
      {kp.team.length === 0 ? (
        <Typography.Text type="secondary">{t('isolation.order.noTeam')}</Typography.Text>
      ) : (
        <ul
          style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 8 }}
          data-testid="order-team"
        >
          {kp.team.map((m) => (
            <li key={m.id} style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
              <span style={{ fontWeight: 600 }}>
                {m.displayName}
                {m.id === me.id ? t('users.self') : ''}
              </span>
              <Typography.Text type="secondary">{t(`role.${m.role}` as 'role.grid_worker')}</Typography.Text>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );

  const followUps = order.followUps.length > 0 && (
    <Card
      title={t('isolation.order.followUps')}
      styles={{ body: { padding: 16 } }}
      data-testid="order-follow-ups"
    >
      <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 10 }}>
        {order.followUps.map((f) => (
          <li
            key={f.id}
            style={{
              display: 'flex',
              justifyContent: 'space-between',
              gap: 8,
              alignItems: 'center',
              flexWrap: 'wrap',
            }}
          >
            <span style={{ display: 'grid', gap: 2 }}>
              <span>
                <strong>{t('isolation.followUp.dayAfter', { n: String(f.dayAfter) })}</strong>{' '}
                <Typography.Text type="secondary">{f.dueOn}</Typography.Text>
              </span>
              {f.status === 'done' ? (
                <Typography.Text type="success">
                  <CheckCircleOutlined /> {t('isolation.followUp.doneAt', { at: formatDateTime(f.doneAt) })}
                  {f.note ? ` · ${f.note}` : ''}
                </Typography.Text>
              ) : f.dueOn < today ? (
                <Typography.Text type="danger">
                  {t('isolation.followUp.overdue', { date: f.dueOn })}
                </Typography.Text>
              ) : (
                <Typography.Text type="secondary">{t('isolation.followUp.open')}</Typography.Text>
              )}
            </span>
            {f.status === 'open' && canWrite && f.dueOn <= today && (
              <Button size={size} onClick={() => setFollowUp(f)} data-testid="order-follow-up-complete">
                {t('isolation.followUp.complete')}
              </Button>
            )}
          </li>
        ))}
      </ul>
    </Card>
  );

  return (
    <div style={{ display: 'grid', gap: isMobile ? 12 : 16 }} data-testid="order-page">
      {header}
      <Row gutter={[16, 16]} align="top">
        <Col xs={24} xl={16}>
          <div style={{ display: 'grid', gap: isMobile ? 12 : 16 }}>
            <ChecksCard order={order} canWrite={canWrite} />
            <HistoryCard order={order} />
          </div>
        </Col>
        <Col xs={24} xl={8}>
          <div style={{ display: 'grid', gap: isMobile ? 12 : 16 }}>
            <Card title={t('isolation.order.details')} styles={{ body: { padding: isMobile ? 12 : 16 } }}>
              <Descriptions
                bordered
                size="small"
                column={1}
                items={details}
                styles={{ label: { width: isMobile ? 96 : 120 } }}
                data-testid="order-details"
              />
            </Card>
            {team}
            {followUps}
            <SelfReportCard isolationId={order.id} name={kp.name} active={active} canWrite={canWrite} />
          </div>
        </Col>
      </Row>
      {dialog === 'extend' && <ExtendModal order={order} onClose={() => setDialog(null)} />}
      {dialog === 'transfer' && <TransferModal order={order} onClose={() => setDialog(null)} />}
      {dialog === 'release' && <ReleaseModal order={order} onClose={() => setDialog(null)} />}
      {dialog === 'edit' && <KeyPersonEditModal keyPerson={kp} onClose={() => setDialog(null)} />}
      {followUp && (
        <FollowUpModal
          followUp={{ id: followUp.id, name: kp.name, dueOn: followUp.dueOn, dayAfter: followUp.dayAfter }}
          onClose={() => setFollowUp(null)}
        />
      )}
      {check && (
        <CheckSheet
          target={check}
          onClose={() => setCheck(null)}
          onSaved={(c) => {
            setCheck(null);
            if (c.escalation)
              notification.warning({
                title: t('isolation.check.alertRaised', { name: kp.name }),
                description: t(`isolation.check.alertRaisedHint.${c.escalation}`, {
                  value: formatTemperature(c.temperature),
                }),
                duration: 10,
              });
            else
              void message.success(
                t('isolation.check.saved', { name: kp.name, value: formatTemperature(c.temperature) }),
              );
          }}
        />
      )}
    </div>
  );
}

/** Checks, newest first: fevers in red, symptoms, how and by whom, the alert it raised. */
function ChecksCard({ order, canWrite }: { order: IsolationDto; canWrite: boolean }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const isMobile = useIsMobile();
  const checks = [...order.checks].sort((a, b) => (a.at < b.at ? 1 : -1));
  const fevers = checks.filter((c) => c.escalation).length;
  let body: ReactNode;
  if (checks.length === 0) body = <EmptyState description={t('isolation.order.noChecks')} />;
  else if (isMobile)
    body = (
      <ol
        style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 8 }}
        data-testid="order-checks"
      >
        {checks.map((c) => (
          <li
            key={c.id}
            data-testid="order-check-row"
            style={{
              border: `1px solid ${c.escalation ? token.colorErrorBorder : token.colorBorderSecondary}`,
              background: c.escalation ? token.colorErrorBg : undefined,
              borderRadius: token.borderRadius,
              padding: '8px 12px',
              display: 'grid',
              gap: 4,
            }}
          >
            <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
              <span style={{ fontSize: 13, color: token.colorTextSecondary }}>
                {c.day} {shiftName(t, c.shift, DEFAULT_SCHEDULE.starts.length)} ·{' '}
                {dayjs(c.at).format('HH:mm')}
              </span>
              <Temperature value={c.temperature} />
            </div>
            <CheckMeta check={c} canWrite={canWrite} />
          </li>
        ))}
      </ol>
    );
  else
    body = (
      <Table<CheckDto>
        data-testid="order-checks"
        rowKey="id"
        size="small"
        columns={checkColumns(t as ColumnT, canWrite)}
        dataSource={checks}
        pagination={checks.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        rowClassName={() => ''}
        onRow={(c) => ({ style: c.escalation ? { background: token.colorErrorBg } : undefined })}
        scroll={{ x: 760 }}
      />
    );
  return (
    <Card
      title={
        <span>
          {t('isolation.order.checks')}
          <Typography.Text type="secondary" style={{ fontWeight: 400, marginInlineStart: 8 }}>
            {t('isolation.order.checksCount', { count: String(checks.length) })}
          </Typography.Text>
          {fevers > 0 && (
            <Tag color="red" style={{ marginInlineStart: 8 }}>
              {t('isolation.order.escalations', { count: String(fevers) })}
            </Tag>
          )}
        </span>
      }
      styles={{ body: { padding: isMobile ? 12 : 16 } }}
    >
      {body}
    </Card>
  );
}

function Temperature({ value }: { value: number }) {
  const { token } = theme.useToken();
  return (
    <span
      style={{ fontWeight: 700, fontSize: 16, color: isFeverish(value) ? token.colorError : token.colorText }}
      data-testid="check-temperature-value"
    >
      {formatTemperature(value)}
    </span>
  );
}

/** Symptoms, method, who, the alert raised, and whether staff confirmed a self-report. */
function CheckMeta({ check, canWrite }: { check: CheckDto; canWrite: boolean }) {
  const { t } = useTranslation();
  return (
    <div style={{ display: 'flex', gap: 6, flexWrap: 'wrap', alignItems: 'center', fontSize: 13 }}>
      {check.symptoms.map((s) => (
        <Tag key={s} color="red" style={{ marginInlineEnd: 0 }}>
          {t(`isolation.symptom.${s}`)}
        </Tag>
      ))}
      <Tag style={{ marginInlineEnd: 0 }}>{t(`isolation.method.${check.method}`)}</Tag>
      {check.by && <Typography.Text type="secondary">{check.by.displayName}</Typography.Text>}
      {check.escalation && (
        <Link to="/isolation/alerts">
          <Tag color="error" style={{ marginInlineEnd: 0 }}>
            {t(`isolation.escalation.${check.escalation}`)}
          </Tag>
        </Link>
      )}
      {check.note && <Typography.Text type="secondary">{check.note}</Typography.Text>}
      <CheckConfirmButton check={check} canWrite={canWrite} />
    </div>
  );
}

function checkColumns(t: ColumnT, canWrite: boolean): TableColumnsType<CheckDto> {
  return [
    {
      title: t('isolation.check.when'),
      key: 'when',
      width: 180,
      render: (_: unknown, c) => (
        <span>
          {c.day} {t(c.shift === 0 ? 'isolation.shift.morning' : 'isolation.shift.afternoon')}
          <Typography.Text type="secondary" style={{ marginInlineStart: 6 }}>
            {dayjs(c.at).format('HH:mm')}
          </Typography.Text>
        </span>
      ),
    },
    {
      title: t('isolation.check.temperature'),
      dataIndex: 'temperature',
      width: 96,
      render: (v: number) => <Temperature value={v} />,
    },
    {
      title: t('isolation.check.details'),
      key: 'meta',
      render: (_: unknown, c) => <CheckMeta check={c} canWrite={canWrite} />,
    },
  ];
}

/** The one continuous history of the order: start, extensions, transfers, release. */
function HistoryCard({ order }: { order: IsolationDto }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const place = (p: unknown): string => {
    const v = (p ?? {}) as { kind?: string; siteId?: string | null };
    if (v.kind === 'hospital') return t('isolation.history.hospital');
    if (v.kind !== 'site') return t('isolation.kind.home');
    // The site is named when it is the one the person is at now (the history keeps only its id).
    return v.siteId && v.siteId === order.site?.id
      ? t('isolation.history.siteNamed', { name: order.site.name })
      : t('isolation.kind.site');
  };
  const describe = (e: IsolationDto['history'][number]): string => {
    const d = e.details as Record<string, unknown>;
    switch (e.type) {
      case 'start':
        return t('isolation.history.start', {
          place: place(d.to),
          start: String(d.startOn ?? ''),
          end: String(d.plannedEndOn ?? ''),
        });
      case 'extend':
        return t('isolation.history.extend', { from: String(d.from ?? ''), to: String(d.to ?? '') });
      case 'transfer':
        return t('isolation.history.transfer', { from: place(d.from), to: place(d.to) });
      case 'hospitalise':
        return t('isolation.history.hospitalise');
      case 'release':
        return d.early ? t('isolation.history.releaseEarly') : t('isolation.history.release');
    }
  };
  const colors: Record<string, string> = {
    start: 'blue',
    extend: 'orange',
    transfer: 'purple',
    hospitalise: 'red',
    release: 'green',
  };
  return (
    <Card
      title={t('isolation.order.history')}
      styles={{ body: { padding: isMobile ? 12 : 16, paddingTop: 20 } }}
    >
      <Timeline
        data-testid="order-history"
        items={[...order.history]
          .sort((a, b) => (a.at < b.at ? -1 : 1))
          .map((e) => ({
            key: e.id,
            color: colors[e.type],
            content: (
              <div style={{ display: 'grid', gap: 2 }} data-testid="order-history-item" data-type={e.type}>
                <strong>{describe(e)}</strong>
                {e.reason && <span>{e.reason}</span>}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(e.at)}
                  {e.by ? ` · ${e.by.displayName}` : ''}
                </Typography.Text>
              </div>
            ),
          }))}
      />
    </Card>
  );
}
