import {
  CheckOutlined,
  CloseOutlined,
  EditOutlined,
  HomeOutlined,
  QrcodeOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Pagination,
  Segmented,
  Space,
  Tag,
  Tooltip,
  Typography,
  theme,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { HouseholdDto, RegistrationDto } from '../../../domain/registry';
import { formatDateTime } from '../../components/format';
import { EmptyState, errorMessage, LoadError, Loading } from '../../components/states';
import { useIsMobile } from '../../components/use-is-mobile';
import { CorrectModal } from '../selfreg/CorrectRegistrationModal';
import { UnitTreeSelect } from '../units/UnitTreeSelect';
import { CareFlagTag, MaskedText } from './person-display';
import { RegistryNav } from './RegistryNav';
import { useUnitDetail } from './registry.api';
import {
  type RegistrationStatus,
  useAcceptRegistration,
  useRegistrations,
  useRejectRegistration,
} from './selfreg.api';

const STATUSES: readonly RegistrationStatus[] = ['pending', 'accepted', 'rejected'];
const PAGE_SIZE = 20;

/** `/registry/registrations`: what residents sent through the compound QR codes, for review. */
export function RegistrationsPage() {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const status = (STATUSES as readonly string[]).includes(params.get('status') ?? '')
    ? (params.get('status') as RegistrationStatus)
    : 'pending';
  const unit = params.get('unit') ?? undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const scope = useUnitDetail(unit);
  const list = useRegistrations({ status, unit, page, pageSize: PAGE_SIZE });
  const [accepted, setAccepted] = useState<HouseholdDto | null>(null);

  const update = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next, { replace: true });
  };

  const compoundId = scope.data?.type === 'compound' ? scope.data.id : undefined;
  const size = isMobile ? 'large' : 'middle';

  let body: React.ReactNode;
  if (list.isPending) body = <Loading minHeight={240} />;
  else if (list.isError) body = <LoadError error={list.error} onRetry={() => void list.refetch()} />;
  else if (list.data.items.length === 0)
    body = (
      <EmptyState description={t(`selfreg.queue.empty.${status}`)}>
        {status === 'pending' && (
          <Typography.Text type="secondary">{t('selfreg.queue.emptyHint')}</Typography.Text>
        )}
      </EmptyState>
    );
  else
    body = (
      <div
        style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: 12 }}
        data-testid="registrations-list"
      >
        {list.data.items.map((r) => (
          <RegistrationCard key={r.id} registration={r} onAccepted={setAccepted} />
        ))}
        {list.data.total > PAGE_SIZE && (
          <Pagination
            current={page}
            pageSize={PAGE_SIZE}
            total={list.data.total}
            onChange={(p) => update({ page: String(p) })}
            showSizeChanger={false}
            size={isMobile ? 'small' : undefined}
            style={{ justifySelf: 'center' }}
          />
        )}
      </div>
    );

  return (
    <>
      <RegistryNav />
      <Card styles={{ body: { padding: isMobile ? 16 : 24 } }} data-testid="registrations-page">
        <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>
          {t('selfreg.queue.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('selfreg.queue.intro')}</Typography.Paragraph>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 16 }}>
          <div style={{ flex: isMobile ? '1 1 100%' : '0 1 320px', minWidth: 0 }}>
            <UnitTreeSelect
              value={unit}
              valueLabel={scope.data?.name}
              onChange={(id) => update({ unit: id })}
              selectableTypes={['community', 'village', 'compound', 'building']}
              deepestType="building"
              placeholder={t('selfreg.queue.scopePlaceholder')}
              id="registrations-scope"
            />
          </div>
          <Tooltip title={compoundId ? undefined : t('selfreg.queue.posterHint')}>
            <Button
              icon={<QrcodeOutlined />}
              size={size}
              disabled={!compoundId}
              onClick={() => navigate(`/print/poster/${compoundId}`)}
              style={isMobile ? { flex: 1 } : undefined}
              data-testid="registrations-poster"
            >
              {t('selfreg.queue.poster')}
            </Button>
          </Tooltip>
        </div>
        <Segmented<RegistrationStatus>
          block={isMobile}
          size={size}
          value={status}
          onChange={(v) => update({ status: v === 'pending' ? undefined : v })}
          options={STATUSES.map((s) => ({ value: s, label: t(`selfreg.queue.status.${s}`) }))}
          style={{ marginBottom: 16 }}
          data-testid="registrations-status"
        />
        {accepted && (
          <Alert
            type="success"
            showIcon
            closable={{ onClose: () => setAccepted(null) }}
            style={{ marginBottom: 12 }}
            title={t('selfreg.queue.accepted', { address: accepted.address })}
            action={
              <Link to={`/registry/households/${accepted.id}`} data-testid="registrations-accepted-household">
                {t('selfreg.queue.reviewedHouse')}
              </Link>
            }
            data-testid="registrations-accepted"
          />
        )}
        {body}
      </Card>
    </>
  );
}

function RegistrationCard({
  registration: r,
  onAccepted,
}: {
  registration: RegistrationDto;
  onAccepted: (h: HouseholdDto) => void;
}) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const accept = useAcceptRegistration();
  const [dialog, setDialog] = useState<'correct' | 'reject' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const size = isMobile ? 'large' : 'middle';

  const doAccept = () => {
    setError(null);
    accept.mutate(
      { id: r.id },
      {
        onSuccess: (h) => {
          void message.success(t('selfreg.queue.accepted', { address: h.address }));
          onAccepted(h);
        },
        onError: (e) => setError(errorMessage(e, t('error.network'))),
      },
    );
  };

  return (
    <Card
      size="small"
      data-testid="registration"
      data-registration-id={r.id}
      title={
        <span
          style={{ display: 'inline-flex', gap: 8, alignItems: 'center', minWidth: 0, whiteSpace: 'normal' }}
        >
          <HomeOutlined style={{ color: token.colorPrimary }} />
          <span style={{ fontWeight: 600 }} data-testid="registration-address">
            {r.address}
          </span>
        </span>
      }
      extra={
        !isMobile && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('selfreg.queue.submittedAt', { time: formatDateTime(r.createdAt) })}
          </Typography.Text>
        )
      }
    >
      {isMobile && (
        <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginBottom: 8 }}>
          {t('selfreg.queue.submittedAt', { time: formatDateTime(r.createdAt) })}
        </Typography.Text>
      )}
      <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 8 }}>
        {r.persons.map((p, i) => (
          <li
            // biome-ignore lint/suspicious/noArrayIndexKey: persons of a submission have no id of their own
            key={i}
            style={{
              display: 'grid',
              gap: 4,
              paddingBottom: 8,
              borderBottom: i < r.persons.length - 1 ? `1px solid ${token.colorBorderSecondary}` : undefined,
            }}
            data-testid="registration-person"
          >
            <div style={{ display: 'flex', gap: 8, alignItems: 'baseline', flexWrap: 'wrap' }}>
              <span style={{ fontWeight: 600, fontSize: 15 }}>{p.name}</span>
              {p.relation && <Tag style={{ marginInlineEnd: 0 }}>{t(`registry.relation.${p.relation}`)}</Tag>}
              {p.residenceStatus !== 'permanent' && (
                <Tag style={{ marginInlineEnd: 0 }}>{t(`registry.residenceStatus.${p.residenceStatus}`)}</Tag>
              )}
              {p.duplicateOf && (
                <Tooltip title={t('selfreg.queue.duplicateHint')}>
                  <Link to={`/registry/persons/${p.duplicateOf}`} data-testid="registration-duplicate">
                    <Tag color="red" icon={<WarningOutlined />} style={{ marginInlineEnd: 0 }}>
                      {t('selfreg.queue.duplicate')}
                    </Tag>
                  </Link>
                </Tooltip>
              )}
              {p.duplicateElsewhere && (
                <Tooltip title={t('selfreg.queue.duplicateElsewhereHint')}>
                  <Tag
                    color="orange"
                    icon={<WarningOutlined />}
                    style={{ marginInlineEnd: 0 }}
                    data-testid="registration-duplicate-elsewhere"
                  >
                    {t('selfreg.queue.duplicateElsewhere')}
                  </Tag>
                </Tooltip>
              )}
            </div>
            <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap', fontSize: 13 }}>
              {p.idNumber && (
                <span>
                  {p.idType !== 'resident_id' && (
                    <Typography.Text type="secondary">
                      {t(`registry.idTypeShort.${p.idType}`)}{' '}
                    </Typography.Text>
                  )}
                  <MaskedText value={p.idNumber} />
                </span>
              )}
              {p.phone && <MaskedText value={p.phone} />}
            </div>
            {(p.careFlags.length > 0 || p.travelFrom || p.returnedOn) && (
              <div style={{ display: 'flex', gap: 4, flexWrap: 'wrap' }}>
                {p.careFlags.map((f) => (
                  <CareFlagTag key={f} flag={f} />
                ))}
                {(p.travelFrom || p.returnedOn) && (
                  <Tag color="orange" style={{ marginInlineEnd: 0, whiteSpace: 'normal' }}>
                    {[
                      t('registry.returnee'),
                      p.travelFrom ? t('registry.returneeFrom', { from: p.travelFrom }) : '',
                      p.returnedOn ? t('registry.returnedOnShort', { date: p.returnedOn }) : '',
                      p.transport ? t(`registry.transport.${p.transport}`) : '',
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </Tag>
                )}
              </div>
            )}
          </li>
        ))}
      </ul>
      {error && (
        <Alert
          type="error"
          showIcon
          title={error}
          style={{ marginTop: 8 }}
          data-testid="registration-error"
        />
      )}
      {r.status === 'pending' && (
        <div
          style={
            isMobile
              ? { marginTop: 12, display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 8 }
              : { marginTop: 12, display: 'flex', flexWrap: 'wrap', gap: 8 }
          }
        >
          <Button
            type="primary"
            icon={<CheckOutlined />}
            size={size}
            loading={accept.isPending}
            onClick={doAccept}
            style={isMobile ? { gridColumn: '1 / -1' } : undefined}
            data-testid="registration-accept"
          >
            {t('selfreg.queue.accept')}
          </Button>
          <Button
            icon={<EditOutlined />}
            size={size}
            onClick={() => setDialog('correct')}
            data-testid="registration-correct"
          >
            {t('selfreg.queue.correct')}
          </Button>
          <Button
            danger
            icon={<CloseOutlined />}
            size={size}
            onClick={() => setDialog('reject')}
            data-testid="registration-reject"
          >
            {t('selfreg.queue.reject')}
          </Button>
        </div>
      )}
      {r.status === 'accepted' && r.householdId && (
        <div style={{ marginTop: 8 }}>
          <Link to={`/registry/households/${r.householdId}`} data-testid="registration-household">
            {t('selfreg.queue.reviewedHouse')}
          </Link>
        </div>
      )}
      {r.status === 'rejected' && r.reviewNote && (
        <Typography.Text type="danger" style={{ display: 'block', marginTop: 8 }}>
          {t('selfreg.queue.rejectedReason', { reason: r.reviewNote })}
        </Typography.Text>
      )}
      {dialog === 'reject' && <RejectModal id={r.id} onClose={() => setDialog(null)} />}
      {dialog === 'correct' && (
        <CorrectModal
          registration={r}
          onClose={() => setDialog(null)}
          onAccepted={(h) => {
            setDialog(null);
            onAccepted(h);
          }}
        />
      )}
    </Card>
  );
}

const REASONS = ['duplicate', 'notResident', 'untrue', 'incomplete'] as const;

function RejectModal({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const reject = useRejectRegistration();
  const [error, setError] = useState<string | null>(null);
  const onFinish = ({ reason }: { reason: string }) => {
    setError(null);
    reject.mutate(
      { id, reason: reason.trim() },
      {
        onSuccess: () => {
          void message.success(t('selfreg.queue.rejected'));
          onClose();
        },
        onError: (e) => setError(errorMessage(e, t('error.network'))),
      },
    );
  };
  return (
    <Modal
      open
      title={t('selfreg.queue.rejectTitle')}
      okText={t('selfreg.queue.reject')}
      okButtonProps={{ danger: true, loading: reject.isPending }}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false}>
        <Form.Item
          name="reason"
          label={t('selfreg.queue.reason')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input size="large" maxLength={200} placeholder={t('selfreg.queue.reasonPlaceholder')} />
        </Form.Item>
        <Space wrap size={8}>
          {REASONS.map((k) => (
            <Tag.CheckableTag
              key={k}
              checked={false}
              onChange={() => form.setFieldsValue({ reason: t(`selfreg.queue.reasons.${k}`) })}
              style={{ border: '1px solid #d9d9d9', padding: '4px 10px' }}
            >
              {t(`selfreg.queue.reasons.${k}`)}
            </Tag.CheckableTag>
          ))}
        </Space>
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
      </Form>
    </Modal>
  );
}
