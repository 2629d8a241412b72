import {
  ApartmentOutlined,
  ArrowLeftOutlined,
  HomeOutlined,
  PhoneOutlined,
  PlusOutlined,
  RightOutlined,
} from '@ant-design/icons';
import { Button, Card, Table, type TableColumnsType, Tag, Typography, theme } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { HouseholdDto, PersonDto } from '../../../domain/registry';
import { formatDateTime } from '../../components/format';
import { EmptyState, LoadError, Loading } from '../../components/states';
import { useIsMobile } from '../../components/use-is-mobile';
import { hasPermission, useSession } from '../auth/auth.api';
import { PersonFormModal } from './PersonFormModal';
import { MaskedText, PersonTags, sexAge } from './person-display';
import { RegistryNav } from './RegistryNav';
import { useHousehold } from './registry.api';

/** `/registry/households/:householdId`: one household (一户一档) and its persons. */
export function HouseholdPage() {
  const { householdId } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const household = useHousehold(householdId);
  const back = (
    <Button
      type="link"
      icon={<ArrowLeftOutlined />}
      style={{ paddingInline: 0, marginBottom: 8 }}
      onClick={() => (window.history.length > 1 ? navigate(-1) : navigate('/registry'))}
    >
      {t('common.back')}
    </Button>
  );
  let body: React.ReactNode;
  if (household.isPending)
    body = (
      <Card>
        <Loading minHeight={320} />
      </Card>
    );
  else if (household.isError)
    body = (
      <Card>
        {back}
        <LoadError error={household.error} onRetry={() => void household.refetch()} />
      </Card>
    );
  else body = <HouseholdView household={household.data} back={back} />;
  return (
    <>
      <RegistryNav />
      {body}
    </>
  );
}

function HouseholdView({ household, back }: { household: HouseholdDto; back: React.ReactNode }) {
  const me = useSession();
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const [adding, setAdding] = useState(false);
  const canWrite = hasPermission(me, 'persons.write');
  const size = isMobile ? 'large' : 'middle';
  const persons = household.persons;

  const actions = (
    <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', width: isMobile ? '100%' : undefined }}>
      {canWrite && (
        <Button
          type="primary"
          icon={<PlusOutlined />}
          size={size}
          onClick={() => setAdding(true)}
          style={isMobile ? { flex: 1 } : undefined}
          data-testid="household-add"
        >
          {t('registry.household.add')}
        </Button>
      )}
      {canWrite && (
        <Button
          icon={<PhoneOutlined />}
          size={size}
          onClick={() => navigate(`/registry/entry?room=${household.roomId}&household=${household.id}`)}
          style={isMobile ? { flex: 1 } : undefined}
        >
          {t('registry.household.entry')}
        </Button>
      )}
      {!isMobile && (
        <Button
          icon={<ApartmentOutlined />}
          size={size}
          onClick={() => navigate(`/units/${household.roomId}`)}
        >
          {t('registry.household.grid')}
        </Button>
      )}
    </div>
  );

  let body: React.ReactNode;
  if (persons.length === 0) {
    body = (
      <EmptyState description={t('registry.household.empty')}>
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            {t('registry.household.add')}
          </Button>
        )}
      </EmptyState>
    );
  } else if (isMobile) {
    body = (
      <ul
        style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 8 }}
        data-testid="household-persons"
      >
        {persons.map((p) => (
          <li key={p.id}>
            <Link
              to={`/registry/persons/${p.id}`}
              style={{
                display: 'flex',
                alignItems: 'center',
                gap: 8,
                padding: 12,
                border: `1px solid ${token.colorBorderSecondary}`,
                borderRadius: token.borderRadiusLG,
                color: token.colorText,
              }}
            >
              <div style={{ flex: 1, minWidth: 0, display: 'grid', gap: 4 }}>
                <div style={{ display: 'flex', gap: 8, alignItems: 'baseline', flexWrap: 'wrap' }}>
                  <span style={{ fontWeight: 600, fontSize: 16 }}>{p.name}</span>
                  {p.relation && (
                    <Tag style={{ marginInlineEnd: 0 }}>{t(`registry.relation.${p.relation}`)}</Tag>
                  )}
                  <span style={{ color: token.colorTextSecondary }}>{sexAge(t, p)}</span>
                </div>
                <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap', fontSize: 13 }}>
                  {p.idNumber && <MaskedText value={p.idNumber} />}
                  {p.phone && <MaskedText value={p.phone} />}
                </div>
                <PersonTags person={p} />
              </div>
              <RightOutlined style={{ color: token.colorTextQuaternary }} />
            </Link>
          </li>
        ))}
      </ul>
    );
  } else {
    body = (
      <Table<PersonDto>
        data-testid="household-persons"
        rowKey="id"
        size="middle"
        pagination={false}
        columns={columns(t)}
        dataSource={persons}
        scroll={{ x: 900 }}
        onRow={(p) => ({
          onClick: () => navigate(`/registry/persons/${p.id}`),
          style: { cursor: 'pointer' },
        })}
      />
    );
  }

  return (
    <div style={{ display: 'grid', gap: isMobile ? 12 : 16 }} data-testid="household-page">
      <Card styles={{ body: { padding: isMobile ? 16 : 24 } }}>
        {back}
        <div style={{ display: 'flex', justifyContent: 'space-between', gap: 12, flexWrap: 'wrap' }}>
          <div style={{ display: 'grid', gap: 4, minWidth: 0 }}>
            <Typography.Text type="secondary">{t('registry.household.title')}</Typography.Text>
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="household-address">
              <HomeOutlined style={{ color: token.colorPrimary, marginInlineEnd: 8 }} />
              {household.address}
            </Typography.Title>
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {t('registry.household.createdAt')}
              {t('common.colon')}
              {formatDateTime(household.createdAt)}
            </Typography.Text>
          </div>
          {actions}
        </div>
      </Card>
      <Card
        title={
          <span>
            {t('registry.household.members')}{' '}
            <Typography.Text type="secondary" style={{ fontWeight: 400 }}>
              {t('registry.household.memberCount', { count: persons.length })}
            </Typography.Text>
          </span>
        }
        styles={{ body: { padding: isMobile ? 12 : 24 } }}
      >
        {body}
      </Card>
      {adding && (
        <PersonFormModal
          mode="create"
          householdId={household.id}
          title={t('registry.household.addTitle', { address: household.address })}
          onClose={() => setAdding(false)}
        />
      )}
    </div>
  );
}

type T = TFunction;

function columns(t: T): TableColumnsType<PersonDto> {
  return [
    {
      title: t('registry.field.name'),
      dataIndex: 'name',
      width: 130,
      render: (name: string, p) => (
        <Link
          to={`/registry/persons/${p.id}`}
          onClick={(e) => e.stopPropagation()}
          style={{ fontWeight: 600 }}
        >
          {name}
        </Link>
      ),
    },
    {
      title: t('registry.field.relation'),
      dataIndex: 'relation',
      width: 120,
      render: (r: PersonDto['relation']) => (r ? t(`registry.relation.${r}`) : '—'),
    },
    {
      title: t('registry.field.sexAge'),
      key: 'sexAge',
      width: 130,
      render: (_: unknown, p) => <span style={{ whiteSpace: 'nowrap' }}>{sexAge(t, p) || '—'}</span>,
    },
    {
      title: t('registry.field.idNumber'),
      dataIndex: 'idNumber',
      width: 200,
      render: (v: string | null) => <MaskedText value={v} />,
    },
    {
      title: t('registry.field.phone'),
      dataIndex: 'phone',
      width: 130,
      render: (v: string | null) => <MaskedText value={v} />,
    },
    { title: t('registry.field.flags'), key: 'flags', render: (_: unknown, p) => <PersonTags person={p} /> },
    {
      title: '',
      key: 'open',
      width: 48,
      align: 'center',
      render: () => <RightOutlined style={{ color: 'rgba(0,0,0,0.25)' }} />,
    },
  ];
}
