import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import {
  AutoComplete,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  Row,
  Select,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
  theme,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AUDIT_ACTIONS, type AuditEntryDto } from '../../../domain/audit';
import { FilterToggle } from '../../components/FilterToggle';
import { type ColumnT, formatDateTime } from '../../components/format';
import { ListBody } from '../../components/list-page';
import { EmptyState } from '../../components/states';
import { useIsMobile } from '../../components/use-is-mobile';
import { type AuditParams, useAudit } from './audit.api';
import { actionLabel, compactDetails, entityTypeLabel } from './audit-labels';

interface Filters {
  range?: [Dayjs | null, Dayjs | null] | null;
  action?: string;
  actor?: string;
  entityType?: string;
  entityId?: string;
}

const ENTITY_TYPES = ['unit', 'user', 'session'] as const;

function actionColor(action: string): string | undefined {
  if (action.endsWith('failed')) return 'red';
  if (action.startsWith('auth.')) return 'blue';
  if (action.startsWith('user.')) return 'purple';
  if (action === 'unit.status') return 'orange';
  if (action.startsWith('unit.')) return 'cyan';
  return undefined;
}

/** Who did what, when, to which record: every write, login and failure, newest first. */
export function AuditPage() {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<Filters>();
  const [params, setParams] = useState<AuditParams>({ page: 1, pageSize: 20 });
  const audit = useAudit(params);
  const [filtersOpen, setFiltersOpen] = useState(false);
  const activeFilters = [
    params.from,
    params.to,
    params.action,
    params.actor,
    params.entityType,
    params.entityId,
  ].filter(Boolean).length;

  const apply = (f: Filters) => {
    setFiltersOpen(false);
    const [from, to] = f.range ?? [];
    setParams({
      page: 1,
      pageSize: params.pageSize,
      from: from?.toISOString(),
      to: to?.toISOString(),
      action: f.action || undefined,
      actor: f.actor?.trim() || undefined,
      entityType: f.entityType?.trim() || undefined,
      entityId: f.entityId?.trim() || undefined,
    });
  };
  const reset = () => {
    form.resetFields();
    setParams({ page: 1, pageSize: params.pageSize });
  };

  const size = isMobile ? 'large' : 'middle';
  const filters = (
    <Form<Filters> form={form} layout="vertical" onFinish={apply} data-testid="audit-filters">
      <Row gutter={[12, 0]}>
        <Col xs={24} md={12} xl={8}>
          <Form.Item name="range" label={t('audit.timeRange')}>
            <DatePicker.RangePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              allowEmpty={[true, true]}
              placeholder={[t('audit.startTime'), t('audit.endTime')]}
              style={{ width: '100%' }}
              size={size}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} md={6} xl={4}>
          <Form.Item name="action" label={t('audit.action')}>
            <Select
              allowClear
              size={size}
              placeholder={t('audit.allActions')}
              options={AUDIT_ACTIONS.map((a) => ({ value: a, label: actionLabel(a) }))}
              data-testid="audit-action"
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} md={6} xl={4}>
          <Form.Item name="actor" label={t('audit.actor')}>
            <Input
              allowClear
              size={size}
              placeholder={t('audit.actorPlaceholder')}
              maxLength={64}
              autoCapitalize="none"
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} md={6} xl={4}>
          <Form.Item name="entityType" label={t('audit.entityType')}>
            <AutoComplete
              allowClear
              size={size}
              placeholder={t('audit.allEntityTypes')}
              options={ENTITY_TYPES.map((e) => ({ value: e, label: entityTypeLabel(e) }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} md={6} xl={4}>
          <Form.Item name="entityId" label={t('audit.entityId')}>
            <Input allowClear size={size} placeholder={t('audit.entityIdPlaceholder')} maxLength={64} />
          </Form.Item>
        </Col>
        <Col
          xs={24}
          md={12}
          xl={24}
          style={{ display: 'flex', gap: 8, alignItems: 'flex-end', marginBottom: 16 }}
        >
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />} size={size} block={isMobile}>
            {t('common.search')}
          </Button>
          <Button onClick={reset} size={size} block={isMobile}>
            {t('common.reset')}
          </Button>
          {!isMobile && (
            <Button icon={<ReloadOutlined />} onClick={() => void audit.refetch()} loading={audit.isFetching}>
              {t('common.refresh')}
            </Button>
          )}
        </Col>
      </Row>
    </Form>
  );

  return (
    <Card
      title={<span style={{ fontSize: isMobile ? 18 : 20 }}>{t('audit.title')}</span>}
      extra={
        isMobile && (
          <FilterToggle
            open={filtersOpen}
            count={activeFilters}
            onToggle={() => setFiltersOpen(!filtersOpen)}
            label={t('audit.filters')}
            withText
          />
        )
      }
      styles={{ body: { padding: isMobile ? 12 : 24 } }}
    >
      {(!isMobile || filtersOpen) && filters}
      <ListBody<AuditEntryDto>
        query={audit}
        paging={params}
        onPage={(page, pageSize) => setParams({ ...params, page, pageSize })}
        testId="audit-list"
        tableTestId="audit-table"
        count={(n) => t('common.total', { count: n })}
        empty={<EmptyState description={t('audit.empty')} />}
        card={(e) => <AuditCard entry={e} />}
        table={{
          size: 'middle',
          columns: columns(t as ColumnT),
          scroll: { x: 1130 },
          expandable: {
            rowExpandable: (e) => !!e.details && Object.keys(e.details).length > 0,
            expandedRowRender: (e) => <DetailsJson entry={e} />,
          },
        }}
      />
    </Card>
  );
}

function DetailsJson({ entry }: { entry: AuditEntryDto }) {
  const { t } = useTranslation();
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: 4 }}>
      <pre style={{ margin: 0, fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
        {JSON.stringify(entry.details, null, 2)}
      </pre>
      {entry.requestId && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('audit.requestId')}
          {t('common.colon')}
          {entry.requestId}
        </Typography.Text>
      )}
    </div>
  );
}

function columns(t: ColumnT): TableColumnsType<AuditEntryDto> {
  return [
    {
      title: t('audit.time'),
      dataIndex: 'at',
      width: 180,
      render: (at: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(at)}</span>,
    },
    {
      title: t('audit.actor'),
      dataIndex: 'actorUsername',
      width: 120,
      render: (name: string | null) =>
        name ?? <Typography.Text type="secondary">{t('audit.system')}</Typography.Text>,
    },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      width: 150,
      render: (action: string) => (
        <Tooltip title={action}>
          <Tag color={actionColor(action)}>{actionLabel(action)}</Tag>
        </Tooltip>
      ),
    },
    {
      title: t('audit.entityType'),
      dataIndex: 'entityType',
      width: 100,
      render: (type: string | null) => entityTypeLabel(type) || '—',
    },
    {
      title: t('audit.entityId'),
      dataIndex: 'entityId',
      width: 120,
      render: (id: string | null) =>
        id ? (
          <Typography.Text
            copyable={{ text: id }}
            style={{ fontFamily: 'monospace', fontSize: 12, whiteSpace: 'nowrap' }}
          >
            {id.length > 12 ? `…${id.slice(-8)}` : id}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
    { title: t('audit.unit'), dataIndex: 'unitName', width: 140, render: (n: string | null) => n ?? '—' },
    {
      title: t('audit.details'),
      dataIndex: 'details',
      render: (_: unknown, e) => {
        const text = compactDetails(e.details);
        return text ? (
          <Typography.Text ellipsis={{ tooltip: text }} style={{ maxWidth: 360, fontSize: 12 }}>
            {text}
          </Typography.Text>
        ) : (
          '—'
        );
      },
    },
    { title: t('audit.ip'), dataIndex: 'ip', width: 120, render: (ip: string | null) => ip ?? '—' },
  ];
}

function AuditCard({ entry }: { entry: AuditEntryDto }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const details = compactDetails(entry.details);
  return (
    <li
      style={{
        border: `1px solid ${token.colorBorderSecondary}`,
        borderRadius: token.borderRadiusLG,
        padding: 12,
        background: token.colorBgContainer,
      }}
    >
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'center' }}>
        <Tag color={actionColor(entry.action)} style={{ marginInlineEnd: 0 }}>
          {actionLabel(entry.action)}
        </Tag>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {formatDateTime(entry.at)}
        </Typography.Text>
      </div>
      <div style={{ marginTop: 6 }}>
        <Typography.Text strong>{entry.actorUsername ?? t('audit.system')}</Typography.Text>
        {entry.unitName && <Typography.Text type="secondary"> · {entry.unitName}</Typography.Text>}
      </div>
      {(entry.entityType || entry.entityId) && (
        <div style={{ marginTop: 4, fontSize: 12, color: token.colorTextSecondary, wordBreak: 'break-all' }}>
          {entityTypeLabel(entry.entityType)} {entry.entityId}
        </div>
      )}
      {details && (
        <div style={{ marginTop: 4, fontSize: 12, color: token.colorTextSecondary, wordBreak: 'break-all' }}>
          {details}
        </div>
      )}
    </li>
  );
}
