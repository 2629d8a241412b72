import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Input, Pagination, Segmented, Switch, Table, Typography, theme } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useSearchParams } from 'react-router';
import { CHECKPOINT_KINDS, type CheckpointDto, type CheckpointKind } from '../../../domain/checkpoints';
import { Forbidden } from '../../app/shell/ErrorPages';
import { FilterToggle } from '../../components/FilterToggle';
import type { ColumnT } from '../../components/format';
import { EmptyState, LoadError, Loading } from '../../components/states';
import { useIsMobile } from '../../components/use-is-mobile';
import { hasPermission, useSession } from '../auth/auth.api';
import { useUnitDetail } from '../registry/registry.api';
import { UnitTreeSelect } from '../units';
import { CheckpointFormModal } from './CheckpointFormModal';
import { CheckpointCard, checkpointColumns } from './CheckpointRows';
import { CheckpointsNav } from './CheckpointsNav';
import { type CheckpointListParams, useCheckpoints } from './checkpoints.api';

const PAGE_SIZES = [20, 50, 100, 200];

function readParams(sp: URLSearchParams): CheckpointListParams {
  const num = (k: string, d: number, max: number) => {
    const n = Number(sp.get(k));
    return Number.isInteger(n) && n >= 1 && n <= max ? n : d;
  };
  const kind = sp.get('kind');
  const pageSize = num('pageSize', 50, 200);
  return {
    page: num('page', 1, 100_000),
    pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : 50,
    unit: sp.get('unit') || undefined,
    q: sp.get('q')?.trim().slice(0, 50) || undefined,
    kind: CHECKPOINT_KINDS.includes(kind as CheckpointKind) ? (kind as CheckpointKind) : undefined,
    archived: sp.get('archived') === '1' ? '1' : undefined,
  };
}

function writeParams(p: CheckpointListParams): Record<string, string> {
  const out: Record<string, string> = {};
  if (p.page !== 1) out.page = String(p.page);
  if (p.pageSize !== 50) out.pageSize = String(p.pageSize);
  if (p.unit) out.unit = p.unit;
  if (p.q) out.q = p.q;
  if (p.kind) out.kind = p.kind;
  if (p.archived) out.archived = p.archived;
  return out;
}

/**
 * `/checkpoints`: the gates for accounts that read them; grid workers, who issue passes but do not
 * look after gates, land on the passes instead.
 */
export function CheckpointsHome() {
  const me = useSession();
  if (hasPermission(me, 'checkpoints.read')) return <CheckpointsPage />;
  if (hasPermission(me, 'passes.issue')) return <Navigate to="/checkpoints/passes" replace />;
  return <Forbidden />;
}

type Dialog = { mode: 'create' } | { mode: 'edit'; checkpoint: CheckpointDto } | null;

/**
 * 卡口管理: the gates of the account's area (a compound's gates and road checkpoints), each with the
 * status of its compound and what that means at the gate, its lanes, hours and outing quota, and
 * today's counts. Community admins set gates up here; guards use the gate page, not this one.
 */
export function CheckpointsPage() {
  const me = useSession();
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const isMobile = useIsMobile();
  const [sp, setSp] = useSearchParams();
  const params = readParams(sp);
  const list = useCheckpoints(params);
  const unitLabel = useUnitDetail(params.unit).data?.name;
  const canManage = hasPermission(me, 'checkpoints.manage');
  const [filtersOpen, setFiltersOpen] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [q, setQ] = useState(params.q ?? '');

  const update = (patch: Partial<CheckpointListParams>) =>
    setSp(writeParams({ ...params, page: 1, ...patch }), { replace: true });
  const filterCount = [params.unit, params.q, params.kind, params.archived].filter(Boolean).length;
  const size = isMobile ? 'large' : 'middle';

  const label = (text: string, node: ReactNode, width?: number) => (
    <div style={{ display: 'grid', gap: 4, width: isMobile ? '100%' : width, minWidth: 0 }}>
      <span style={{ fontSize: 13, color: token.colorTextSecondary }}>{text}</span>
      {node}
    </div>
  );

  const filters = (
    <div
      style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'flex-end' }}
      data-testid="checkpoint-filters"
    >
      {label(
        t('checkpoints.list.search'),
        <Input.Search
          size={size}
          allowClear
          value={q}
          maxLength={50}
          placeholder={t('checkpoints.list.searchPlaceholder')}
          onChange={(e) => {
            setQ(e.target.value);
            if (!e.target.value) update({ q: undefined });
          }}
          onSearch={(v) => update({ q: v.trim() || undefined })}
        />,
        220,
      )}
      {label(
        t('checkpoints.list.area'),
        <UnitTreeSelect
          value={params.unit}
          valueLabel={unitLabel}
          onChange={(id) => update({ unit: id })}
          selectableTypes={['subdistrict', 'community', 'village', 'compound']}
          deepestType="compound"
          placeholder={t('checkpoints.list.allAreas')}
        />,
        240,
      )}
      {label(
        t('checkpoints.field.kind'),
        <Segmented
          size={size}
          value={params.kind ?? 'all'}
          onChange={(v) => update({ kind: v === 'all' ? undefined : (v as CheckpointKind) })}
          options={[
            { value: 'all', label: t('checkpoints.list.allKinds') },
            ...CHECKPOINT_KINDS.map((k) => ({ value: k, label: t(`checkpoints.kind.${k}`) })),
          ]}
          block={isMobile}
        />,
      )}
      <div style={{ display: 'inline-flex', alignItems: 'center', gap: 8, minHeight: isMobile ? 40 : 32 }}>
        <Switch
          id="checkpoint-archived-filter"
          checked={params.archived === '1'}
          onChange={(on) => update({ archived: on ? '1' : undefined })}
          data-testid="checkpoint-archived-filter"
        />
        <label htmlFor="checkpoint-archived-filter">{t('checkpoints.list.showArchived')}</label>
      </div>
      {filterCount > 0 && (
        <Button
          size={size}
          onClick={() => {
            setQ('');
            setSp({}, { replace: true });
          }}
          block={isMobile}
        >
          {t('checkpoints.list.clearFilters')}
        </Button>
      )}
    </div>
  );

  const openCreate = () => setDialog({ mode: 'create' });
  let body: ReactNode;
  if (list.isPending) body = <Loading />;
  else if (list.isError) body = <LoadError error={list.error} onRetry={() => void list.refetch()} />;
  else if (list.data.items.length === 0 && params.page === 1)
    body = (
      <EmptyState
        description={
          <span data-testid="checkpoints-empty">
            <div>{filterCount > 0 ? t('checkpoints.list.emptyFilter') : t('checkpoints.list.empty')}</div>
            {canManage && filterCount === 0 && (
              <Typography.Text type="secondary">{t('checkpoints.list.emptyHint')}</Typography.Text>
            )}
          </span>
        }
      >
        {canManage && filterCount === 0 && (
          <Button type="primary" icon={<PlusOutlined />} onClick={openCreate}>
            {t('checkpoints.list.create')}
          </Button>
        )}
      </EmptyState>
    );
  else if (isMobile)
    body = (
      <>
        <ul
          style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 8 }}
          data-testid="checkpoint-list"
        >
          {list.data.items.map((c) => (
            <CheckpointCard
              key={c.id}
              checkpoint={c}
              canManage={canManage}
              onEdit={() => setDialog({ mode: 'edit', checkpoint: c })}
            />
          ))}
        </ul>
        {list.data.total > params.pageSize && (
          <Pagination
            simple
            current={params.page}
            pageSize={params.pageSize}
            total={list.data.total}
            onChange={(page) => setSp(writeParams({ ...params, page }), { replace: true })}
            style={{ marginTop: 12, display: 'flex', justifyContent: 'center' }}
          />
        )}
      </>
    );
  else
    body = (
      <Table<CheckpointDto>
        data-testid="checkpoint-list"
        rowKey="id"
        size="middle"
        columns={checkpointColumns(t as ColumnT, canManage, (c) =>
          setDialog({ mode: 'edit', checkpoint: c }),
        )}
        dataSource={list.data.items}
        loading={list.isFetching && list.isPlaceholderData}
        scroll={{ x: 1110 }}
        onRow={() => ({ 'data-testid': 'checkpoint-row' }) as React.HTMLAttributes<HTMLElement>}
        pagination={{
          current: params.page,
          pageSize: params.pageSize,
          total: list.data.total,
          showSizeChanger: true,
          pageSizeOptions: PAGE_SIZES,
          hideOnSinglePage: list.data.total <= 20,
          showTotal: (n) => t('checkpoints.list.count', { count: String(n) }),
          onChange: (page, pageSize) =>
            setSp(writeParams({ ...params, page: pageSize === params.pageSize ? page : 1, pageSize }), {
              replace: true,
            }),
        }}
      />
    );

  return (
    <>
      <CheckpointsNav />
      <Card
        title={<span style={{ fontSize: isMobile ? 18 : 20 }}>{t('checkpoints.list.title')}</span>}
        extra={
          <div style={{ display: 'flex', gap: 8 }}>
            {isMobile && (
              <FilterToggle
                open={filtersOpen}
                count={filterCount}
                onToggle={() => setFiltersOpen(!filtersOpen)}
                label={t('checkpoints.list.filters')}
              />
            )}
            {canManage && (
              <Button
                type="primary"
                size={size}
                icon={<PlusOutlined />}
                onClick={openCreate}
                data-testid="checkpoint-create"
              >
                {t('checkpoints.list.create')}
              </Button>
            )}
          </div>
        }
        styles={{
          body: {
            padding: isMobile ? 12 : 24,
            display: 'grid',
            gap: 16,
            gridTemplateColumns: 'minmax(0, 1fr)',
          },
        }}
      >
        {(!isMobile || filtersOpen) && filters}
        {isMobile && list.data && list.data.total > 0 && (
          <Typography.Text type="secondary">
            {t('checkpoints.list.count', { count: String(list.data.total) })}
          </Typography.Text>
        )}
        <div style={{ minWidth: 0 }}>{body}</div>
      </Card>
      {dialog && (
        <CheckpointFormModal
          checkpoint={dialog.mode === 'edit' ? dialog.checkpoint : undefined}
          defaultUnit={params.unit}
          onClose={() => setDialog(null)}
        />
      )}
    </>
  );
}
