import { RightOutlined, SearchOutlined, UserAddOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Checkbox,
  Input,
  Pagination,
  Segmented,
  Select,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
  theme,
} from 'antd';
import dayjs from 'dayjs';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import {
  ISOLATION_KINDS,
  ISOLATION_STATUSES,
  type IsolationSummary,
  KEY_PERSON_CATEGORIES,
  type KeyPersonCategory,
} from '../../../domain/isolation';
import { FilterToggle } from '../../components/FilterToggle';
import type { ColumnT } from '../../components/format';
import { EmptyState, LoadError, Loading } from '../../components/states';
import { useIsMobile } from '../../components/use-is-mobile';
import { hasPermission, useSession } from '../auth/auth.api';
import { useUnitDetail } from '../registry/registry.api';
import { UnitTreeSelect } from '../units';
import {
  CategoryTag,
  formatTemperature,
  isFeverish,
  KindTag,
  ShiftCell,
  StatusTag,
} from './IsolationDisplay';
import { IsolationNav } from './IsolationNav';
import { type IsolationListParams, useIsolations } from './isolation.api';
import { KeyPersonCreateModal } from './KeyPersonCreateModal';
import { useIsolationEvents } from './use-isolation-events';

const PAGE_SIZES = [20, 50, 100, 200];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
type StatusFilter = (typeof ISOLATION_STATUSES)[number] | 'all';

/** The list lives in the address bar: `status` defaults to those in isolation now. */
function readParams(sp: URLSearchParams, me: string): IsolationListParams & { statusFilter: StatusFilter } {
  const num = (k: string, d: number, max: number) => {
    const n = Number(sp.get(k));
    return Number.isInteger(n) && n >= 1 && n <= max ? n : d;
  };
  const pick = <T extends string>(k: string, values: readonly T[]) =>
    values.find((v) => v === sp.get(k)) as T | undefined;
  const pageSize = num('pageSize', 20, 200);
  const statusFilter = pick('status', [...ISOLATION_STATUSES, 'all'] as const) ?? 'active';
  return {
    page: num('page', 1, 100_000),
    pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : 20,
    unit: sp.get('unit') || undefined,
    category: pick('category', KEY_PERSON_CATEGORIES),
    kind: pick('kind', ISOLATION_KINDS),
    q: sp.get('q')?.trim() || undefined,
    member: sp.get('mine') === '1' ? me : undefined,
    status: statusFilter === 'all' ? undefined : statusFilter,
    statusFilter,
  };
}

/**
 * 重点人员: everyone watched in the account's area — their isolation, today's checks, the last
 * temperature, open alerts and self-reports to confirm — searchable by name and filtered by status,
 * category, kind and area. "Put under watch" registers another: `?watch=<personId>` (the person page's
 * button) opens it with that person picked, `?new=1` empty.
 */
export function KeyPersonsPage() {
  const me = useSession();
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const [sp, setSp] = useSearchParams();
  const { statusFilter, ...params } = readParams(sp, me.id);
  const list = useIsolations(params);
  const unitLabel = useUnitDetail(params.unit).data?.name;
  const canWrite = hasPermission(me, 'isolation.write');
  const [filtersOpen, setFiltersOpen] = useState(false);
  const [text, setText] = useState(params.q ?? '');
  const watch = sp.get('watch');
  const creating = canWrite && (sp.get('new') === '1' || (!!watch && UUID.test(watch)));
  useIsolationEvents();
  useEffect(() => setText(params.q ?? ''), [params.q]);

  const update = (patch: Record<string, string | undefined>, keepPage = false) => {
    const next = new URLSearchParams(sp);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, v);
    }
    if (!keepPage) next.delete('page');
    setSp(next, { replace: true });
  };
  const openCreate = () => {
    const next = new URLSearchParams(sp);
    next.set('new', '1');
    setSp(next);
  };
  const closeCreate = () => {
    const next = new URLSearchParams(sp);
    next.delete('new');
    next.delete('watch');
    setSp(next, { replace: true });
  };
  const filterCount = [params.unit, params.category, params.kind, params.member].filter(Boolean).length;
  const anyFilter = filterCount > 0 || !!params.q || statusFilter !== 'active';
  const clearAll = () => {
    setText('');
    setSp({}, { replace: true });
  };
  const size = isMobile ? 'large' : 'middle';

  const label = (text: string, node: ReactNode, width?: number) => (
    <div style={{ display: 'grid', gap: 4, width: isMobile ? '100%' : width, minWidth: 0 }}>
      <span style={{ fontSize: 13, color: token.colorTextSecondary }}>{text}</span>
      {node}
    </div>
  );

  const search = (
    <Input.Search
      allowClear
      size="large"
      value={text}
      maxLength={50}
      enterButton={<SearchOutlined aria-label={t('common.search')} />}
      placeholder={t('isolation.persons.searchPlaceholder')}
      aria-label={t('isolation.persons.searchPlaceholder')}
      onChange={(e) => {
        setText(e.target.value);
        if (e.target.value === '') update({ q: undefined });
      }}
      onSearch={(v) => update({ q: v.trim() || undefined })}
      data-testid="key-person-search"
    />
  );

  const statusBar = (
    <Segmented<StatusFilter>
      size={size}
      value={statusFilter}
      onChange={(v) => update({ status: v === 'active' ? undefined : v })}
      options={[
        { value: 'active', label: t('isolation.status.active') },
        { value: 'released', label: t('isolation.status.released') },
        { value: 'hospitalised', label: t('isolation.status.hospitalised') },
        { value: 'all', label: t('isolation.persons.all') },
      ]}
      block={isMobile}
      data-testid="key-person-status"
    />
  );

  const filters = (
    <div
      style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'flex-end' }}
      data-testid="key-person-filters"
    >
      {label(
        t('isolation.field.category'),
        <Select<KeyPersonCategory>
          allowClear
          size={size}
          value={params.category}
          placeholder={t('isolation.persons.allCategories')}
          options={KEY_PERSON_CATEGORIES.map((c) => ({ value: c, label: t(`isolation.category.${c}`) }))}
          onChange={(category) => update({ category })}
          style={{ width: '100%' }}
          data-testid="key-person-category-filter"
        />,
        190,
      )}
      {label(
        t('isolation.field.kind'),
        <Select<'home' | 'site'>
          allowClear
          size={size}
          value={params.kind}
          placeholder={t('isolation.persons.allKinds')}
          options={ISOLATION_KINDS.map((k) => ({ value: k, label: t(`isolation.kind.${k}`) }))}
          onChange={(kind) => update({ kind })}
          style={{ width: '100%' }}
        />,
        150,
      )}
      {label(
        t('isolation.persons.area'),
        <UnitTreeSelect
          value={params.unit}
          valueLabel={unitLabel}
          onChange={(id) => update({ unit: id })}
          selectableTypes={['subdistrict', 'community', 'village', 'compound', 'building']}
          deepestType="building"
          placeholder={t('isolation.worklist.allUnits')}
        />,
        240,
      )}
      <Checkbox
        checked={!!params.member}
        onChange={(e) => update({ mine: e.target.checked ? '1' : undefined })}
        style={{ paddingBottom: 6 }}
      >
        {t('isolation.worklist.mine')}
      </Checkbox>
      {anyFilter && (
        <Button size={size} onClick={clearAll} block={isMobile}>
          {t('registry.clearFilters')}
        </Button>
      )}
    </div>
  );

  let body: ReactNode;
  if (list.isPending) body = <Loading />;
  else if (list.isError) body = <LoadError error={list.error} onRetry={() => void list.refetch()} />;
  else if (list.data.items.length === 0 && params.page === 1)
    body = (
      <EmptyState
        description={
          <>
            <div>{anyFilter ? t('isolation.persons.emptyFilter') : t('isolation.persons.empty')}</div>
            <Typography.Text type="secondary">{t('isolation.persons.emptyHint')}</Typography.Text>
          </>
        }
      >
        <div style={{ display: 'flex', gap: 8, justifyContent: 'center', flexWrap: 'wrap' }}>
          {anyFilter && <Button onClick={clearAll}>{t('registry.clearFilters')}</Button>}
          {canWrite && (
            <Button type="primary" icon={<UserAddOutlined />} onClick={openCreate}>
              {t('isolation.persons.create')}
            </Button>
          )}
        </div>
      </EmptyState>
    );
  else if (isMobile)
    body = (
      <>
        <ul
          style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 8 }}
          data-testid="key-person-list"
        >
          {list.data.items.map((o) => (
            <OrderCard key={o.id} order={o} />
          ))}
        </ul>
        {list.data.total > params.pageSize && (
          <Pagination
            simple
            current={params.page}
            pageSize={params.pageSize}
            total={list.data.total}
            onChange={(page) => update({ page: String(page) }, true)}
            style={{ marginTop: 12, display: 'flex', justifyContent: 'center' }}
          />
        )}
      </>
    );
  else
    body = (
      <Table<IsolationSummary>
        data-testid="key-person-list"
        rowKey="id"
        size="middle"
        columns={columns(t as ColumnT)}
        dataSource={list.data.items}
        loading={list.isFetching && list.isPlaceholderData}
        scroll={{ x: 1280 }}
        onRow={(o) => ({
          onClick: () => navigate(`/isolation/orders/${o.id}`),
          style: { cursor: 'pointer' },
        })}
        pagination={{
          current: params.page,
          pageSize: params.pageSize,
          total: list.data.total,
          showSizeChanger: true,
          pageSizeOptions: PAGE_SIZES,
          showTotal: (n) => t('isolation.persons.count', { count: String(n) }),
          onChange: (page, pageSize) =>
            update(
              {
                page: pageSize === params.pageSize && page > 1 ? String(page) : undefined,
                pageSize: pageSize === 20 ? undefined : String(pageSize),
              },
              true,
            ),
        }}
      />
    );

  return (
    <>
      <IsolationNav />
      <Card
        title={<span style={{ fontSize: isMobile ? 18 : 20 }}>{t('isolation.persons.title')}</span>}
        extra={
          <div style={{ display: 'flex', gap: 8 }}>
            {isMobile && (
              <FilterToggle
                open={filtersOpen}
                count={filterCount}
                onToggle={() => setFiltersOpen(!filtersOpen)}
                label={t('registry.filters')}
              />
            )}
            {canWrite && (
              <Button
                type="primary"
                size={size}
                icon={<UserAddOutlined />}
                onClick={openCreate}
                data-testid="key-person-create"
              >
                {t('isolation.persons.create')}
              </Button>
            )}
          </div>
        }
        styles={{ body: { padding: isMobile ? 12 : 24, display: 'grid', gap: 16 } }}
      >
        {search}
        {statusBar}
        {(!isMobile || filtersOpen) && filters}
        {isMobile && list.data && list.data.total > 0 && (
          <Typography.Text type="secondary">
            {t('isolation.persons.count', { count: String(list.data.total) })}
          </Typography.Text>
        )}
        <div style={{ minWidth: 0 }}>{body}</div>
      </Card>
      {creating && (
        <KeyPersonCreateModal
          personId={watch && UUID.test(watch) ? watch : undefined}
          onClose={closeCreate}
        />
      )}
    </>
  );
}

/** Today's shifts as small cells (nothing when no check is expected today). */
function TodayCells({ order }: { order: IsolationSummary }) {
  const { t } = useTranslation();
  if (!order.today)
    return <Typography.Text type="secondary">{t('isolation.persons.notToday')}</Typography.Text>;
  const count = order.today.shifts.length;
  return (
    <div style={{ display: 'flex', gap: 4 }}>
      {order.today.shifts.map((state, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: shifts are positional (morning, afternoon)
        <div key={i} style={{ flex: 1, minWidth: 64 }}>
          <ShiftCell
            shift={{ state, checkId: null, at: null, temperature: null }}
            index={i}
            count={count}
            size="small"
            named
          />
        </div>
      ))}
    </div>
  );
}

function LastCheck({ order }: { order: IsolationSummary }) {
  const { token } = theme.useToken();
  const c = order.lastCheck;
  if (!c) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <span style={{ display: 'inline-flex', gap: 6, alignItems: 'baseline', whiteSpace: 'nowrap' }}>
      <strong style={{ color: isFeverish(c.temperature) ? token.colorError : undefined }}>
        {formatTemperature(c.temperature)}
      </strong>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {dayjs(c.at).format('MM-DD HH:mm')}
      </Typography.Text>
    </span>
  );
}

function Flags({ order }: { order: IsolationSummary }) {
  const { t } = useTranslation();
  if (order.openAlerts === 0 && order.awaitingConfirmation === 0 && !order.doorSealed) return null;
  return (
    <span style={{ display: 'inline-flex', gap: 4, flexWrap: 'wrap' }}>
      {order.openAlerts > 0 && (
        <Tag color="red" style={{ marginInlineEnd: 0 }}>
          {t('isolation.worklist.openAlerts', { count: String(order.openAlerts) })}
        </Tag>
      )}
      {order.awaitingConfirmation > 0 && (
        <Tag color="warning" style={{ marginInlineEnd: 0 }}>
          {t('isolation.persons.toConfirm', { count: String(order.awaitingConfirmation) })}
        </Tag>
      )}
      {order.doorSealed && (
        <Tag color="gold" style={{ marginInlineEnd: 0 }}>
          {t('isolation.field.doorSealed')}
        </Tag>
      )}
    </span>
  );
}

function columns(t: ColumnT): TableColumnsType<IsolationSummary> {
  return [
    {
      title: t('isolation.field.name'),
      dataIndex: 'name',
      width: 100,
      fixed: 'left',
      render: (name: string, o) => (
        <Link
          to={`/isolation/orders/${o.id}`}
          onClick={(e) => e.stopPropagation()}
          style={{ fontWeight: 600 }}
          data-testid="key-person-link"
        >
          {name}
        </Link>
      ),
    },
    {
      title: t('isolation.persons.today'),
      key: 'today',
      width: 170,
      render: (_: unknown, o) => <TodayCells order={o} />,
    },
    {
      title: t('isolation.field.category'),
      dataIndex: 'category',
      width: 150,
      render: (c: KeyPersonCategory) => <CategoryTag category={c} />,
    },
    { title: t('isolation.field.address'), dataIndex: 'address', ellipsis: true },
    {
      title: t('isolation.field.kind'),
      key: 'kind',
      width: 160,
      ellipsis: true,
      render: (_: unknown, o) => (
        <KindTag
          kind={o.kind}
          siteName={o.site ? [o.site.name, o.site.room].filter(Boolean).join(' ') : null}
        />
      ),
    },
    {
      title: t('isolation.persons.period'),
      key: 'period',
      width: 190,
      render: (_: unknown, o) => `${o.startOn} → ${o.plannedEndOn}`,
    },
    {
      title: t('isolation.persons.lastCheck'),
      key: 'lastCheck',
      width: 150,
      render: (_: unknown, o) => <LastCheck order={o} />,
    },
    {
      title: t('isolation.field.team'),
      key: 'team',
      width: 150,
      ellipsis: true,
      render: (_: unknown, o) => o.team.map((m) => m.displayName).join(t('registry.listSeparator')) || '—',
    },
    {
      title: t('isolation.field.flags'),
      key: 'flags',
      width: 150,
      render: (_: unknown, o) => <Flags order={o} />,
    },
    {
      title: t('isolation.field.status'),
      dataIndex: 'status',
      width: 90,
      render: (s: IsolationSummary['status']) => <StatusTag status={s} />,
    },
    {
      title: '',
      key: 'open',
      width: 40,
      align: 'center',
      render: () => <RightOutlined style={{ color: 'rgba(0,0,0,0.25)' }} />,
    },
  ];
}

function OrderCard({ order: o }: { order: IsolationSummary }) {
  const { token } = theme.useToken();
  return (
    <li data-testid="key-person-row">
      <Link
        to={`/isolation/orders/${o.id}`}
        data-testid="key-person-link"
        style={{
          display: 'flex',
          gap: 8,
          alignItems: 'center',
          border: `1px solid ${token.colorBorderSecondary}`,
          borderRadius: token.borderRadiusLG,
          padding: 12,
          background: token.colorBgContainer,
          color: token.colorText,
        }}
      >
        <div style={{ flex: 1, minWidth: 0, display: 'grid', gap: 6 }}>
          <div style={{ display: 'flex', alignItems: 'center', gap: 6, flexWrap: 'wrap' }}>
            <span style={{ fontSize: 16, fontWeight: 600 }}>{o.name}</span>
            <CategoryTag category={o.category} short />
            <StatusTag status={o.status} />
          </div>
          <div style={{ color: token.colorTextSecondary, fontSize: 13 }}>{o.address}</div>
          <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap', fontSize: 13, alignItems: 'baseline' }}>
            <span>{`${o.startOn} → ${o.plannedEndOn}`}</span>
            <LastCheck order={o} />
          </div>
          {o.status === 'active' && <TodayCells order={o} />}
          <Flags order={o} />
        </div>
        <RightOutlined style={{ color: token.colorTextQuaternary }} />
      </Link>
    </li>
  );
}
