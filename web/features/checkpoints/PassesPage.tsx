import { PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import { App, Button, Card, Input, Pagination, Select, Table, Tag, Typography, theme } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import {
  PASS_KINDS,
  PASS_STATES,
  type PassDto,
  type PassKind,
  type PassState,
} from '../../../domain/checkpoints';
import { FilterToggle } from '../../components/FilterToggle';
import type { ColumnT } from '../../components/format';
import { EmptyState, LoadError, Loading } from '../../components/states';
import { useIsMobile } from '../../components/use-is-mobile';
import { hasPermission, useSession } from '../auth/auth.api';
import { useUnitDetail } from '../registry/registry.api';
import { UnitTreeSelect } from '../units';
import { CheckpointsNav } from './CheckpointsNav';
import { type PassListParams, PRINT_CAP, usePasses } from './checkpoints.api';
import { PassDetailDrawer } from './PassDetailDrawer';
import { PassIssueModal } from './PassIssueModal';
import { PassCard, passColumns } from './PassRows';

const PAGE_SIZES = [20, 50, 100, 200];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function readParams(sp: URLSearchParams): PassListParams {
  const num = (k: string, d: number, max: number) => {
    const n = Number(sp.get(k));
    return Number.isInteger(n) && n >= 1 && n <= max ? n : d;
  };
  const state = sp.get('state');
  const kind = sp.get('kind');
  const person = sp.get('person');
  const household = sp.get('household');
  const pageSize = num('pageSize', 20, 200);
  return {
    page: num('page', 1, 100_000),
    pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : 20,
    unit: sp.get('unit') || undefined,
    q: sp.get('q')?.trim().slice(0, 50) || undefined,
    state: PASS_STATES.includes(state as PassState) ? (state as PassState) : undefined,
    kind: PASS_KINDS.includes(kind as PassKind) ? (kind as PassKind) : undefined,
    person: person && UUID.test(person) ? person : undefined,
    household: household && UUID.test(household) ? household : undefined,
  };
}

function writeParams(p: PassListParams): Record<string, string> {
  const out: Record<string, string> = {};
  if (p.page !== 1) out.page = String(p.page);
  if (p.pageSize !== 20) out.pageSize = String(p.pageSize);
  for (const k of ['unit', 'q', 'state', 'kind', 'person', 'household'] as const) {
    const v = p[k];
    if (v) out[k] = v;
  }
  return out;
}

/**
 * 出入证管理: passes of the account's area, found by the holder's name, initials or ID digits, by state
 * and kind; each opens with its QR code, the resident's link, printing and revoking. `?issue=household`
 * (or person / worker) opens the issuing dialog, with `&for=<personId>` the holder picked.
 */
export function PassesPage() {
  const me = useSession();
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const [sp, setSp] = useSearchParams();
  const params = readParams(sp);
  const list = usePasses(params);
  const unitLabel = useUnitDetail(params.unit).data?.name;
  const canIssue = hasPermission(me, 'passes.issue');
  const [filtersOpen, setFiltersOpen] = useState(false);
  const [q, setQ] = useState(params.q ?? '');
  const [open, setOpen] = useState<{ id: string; initial?: PassDto } | null>(null);
  const [selected, setSelected] = useState<string[]>([]);

  const issueParam = sp.get('issue');
  const issueKind = PASS_KINDS.includes(issueParam as PassKind) ? (issueParam as PassKind) : undefined;
  const issueFor = sp.get('for');
  const issuing = canIssue && (issueParam === '1' || !!issueKind);

  const update = (patch: Partial<PassListParams>) =>
    setSp(writeParams({ ...params, page: 1, ...patch }), { replace: true });
  const openIssue = () => {
    const next = new URLSearchParams(sp);
    next.set('issue', '1');
    setSp(next);
  };
  const closeIssue = () => {
    const next = new URLSearchParams(sp);
    next.delete('issue');
    next.delete('for');
    setSp(next, { replace: true });
  };
  const filterCount = [
    params.unit,
    params.q,
    params.state,
    params.kind,
    params.person,
    params.household,
  ].filter(Boolean).length;
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
      data-testid="pass-filters"
    >
      {label(
        t('checkpoints.passes.search'),
        <Input.Search
          size={size}
          allowClear
          value={q}
          maxLength={50}
          placeholder={t('checkpoints.passes.searchPlaceholder')}
          onChange={(e) => {
            setQ(e.target.value);
            if (!e.target.value) update({ q: undefined });
          }}
          onSearch={(v) => update({ q: v.trim() || undefined })}
          data-testid="pass-search"
        />,
        240,
      )}
      {label(
        t('checkpoints.field.passState'),
        <Select<PassState>
          allowClear
          size={size}
          value={params.state}
          placeholder={t('checkpoints.passes.allStates')}
          options={PASS_STATES.map((s) => ({ value: s, label: t(`checkpoints.passState.${s}`) }))}
          onChange={(state) => update({ state })}
          style={{ width: '100%' }}
          data-testid="pass-state-filter"
        />,
        140,
      )}
      {label(
        t('checkpoints.field.passKind'),
        <Select<PassKind>
          allowClear
          size={size}
          value={params.kind}
          placeholder={t('checkpoints.passes.allKinds')}
          options={PASS_KINDS.map((k) => ({ value: k, label: t(`checkpoints.passKind.${k}`) }))}
          onChange={(kind) => update({ kind })}
          style={{ width: '100%' }}
        />,
        140,
      )}
      {label(
        t('checkpoints.list.area'),
        <UnitTreeSelect
          value={params.unit}
          valueLabel={unitLabel}
          onChange={(id) => update({ unit: id })}
          selectableTypes={['subdistrict', 'community', 'village', 'compound', 'building']}
          deepestType="building"
          placeholder={t('checkpoints.list.allAreas')}
        />,
        240,
      )}
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

  const print = (ids: string[]) => {
    if (ids.length > PRINT_CAP) {
      void message.warning(t('checkpoints.passes.printCap', { cap: String(PRINT_CAP) }));
      return;
    }
    navigate(`/print/passes?ids=${ids.join(',')}`);
  };

  let body: ReactNode;
  if (list.isPending) body = <Loading />;
  else if (list.isError) body = <LoadError error={list.error} onRetry={() => void list.refetch()} />;
  else if (list.data.items.length === 0 && params.page === 1)
    body = (
      <EmptyState
        description={
          <span data-testid="passes-empty">
            <div>{filterCount > 0 ? t('checkpoints.passes.emptyFilter') : t('checkpoints.passes.empty')}</div>
            {filterCount === 0 && (
              <Typography.Text type="secondary">{t('checkpoints.passes.emptyHint')}</Typography.Text>
            )}
          </span>
        }
      >
        {canIssue && filterCount === 0 && (
          <Button type="primary" icon={<PlusOutlined />} onClick={openIssue}>
            {t('checkpoints.passes.issue')}
          </Button>
        )}
      </EmptyState>
    );
  else if (isMobile)
    body = (
      <>
        <ul
          style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 8 }}
          data-testid="pass-list"
        >
          {list.data.items.map((p) => (
            <PassCard key={p.id} pass={p} onOpen={() => setOpen({ id: p.id, initial: p })} />
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
      <Table<PassDto>
        data-testid="pass-list"
        rowKey="id"
        size="middle"
        columns={passColumns(t as ColumnT)}
        dataSource={list.data.items}
        loading={list.isFetching && list.isPlaceholderData}
        scroll={{ x: 1130 }}
        rowSelection={{
          selectedRowKeys: selected,
          onChange: (keys) => setSelected(keys.map(String)),
          getCheckboxProps: (p) => ({ disabled: p.state === 'revoked' || p.state === 'expired' }),
          preserveSelectedRowKeys: true,
        }}
        onRow={(p) =>
          ({
            onClick: () => setOpen({ id: p.id, initial: p }),
            style: { cursor: 'pointer' },
            'data-testid': 'pass-row',
            'data-state': p.state,
          }) as React.HTMLAttributes<HTMLElement>
        }
        pagination={{
          current: params.page,
          pageSize: params.pageSize,
          total: list.data.total,
          showSizeChanger: true,
          pageSizeOptions: PAGE_SIZES,
          showTotal: (n) => t('checkpoints.passes.count', { count: String(n) }),
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
        title={<span style={{ fontSize: isMobile ? 18 : 20 }}>{t('checkpoints.passes.title')}</span>}
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
            {!isMobile && selected.length > 0 && (
              <Button
                icon={<PrinterOutlined />}
                onClick={() => print(selected)}
                data-testid="passes-print-selected"
              >
                {t('checkpoints.passes.printSelected', { count: selected.length })}
              </Button>
            )}
            {canIssue && (
              <Button
                type="primary"
                size={size}
                icon={<PlusOutlined />}
                onClick={openIssue}
                data-testid="pass-issue"
              >
                {t('checkpoints.passes.issue')}
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
        {(params.person || params.household) && (
          <div>
            <Tag
              closable
              color="blue"
              onClose={(e) => {
                e.preventDefault();
                update({ person: undefined, household: undefined });
              }}
              style={{ fontSize: 14, padding: '2px 8px' }}
              data-testid="pass-holder-filter"
            >
              {params.household ? t('checkpoints.passes.oneHousehold') : t('checkpoints.passes.onePerson')}
            </Tag>
          </div>
        )}
        {isMobile && list.data && list.data.total > 0 && (
          <Typography.Text type="secondary">
            {t('checkpoints.passes.count', { count: String(list.data.total) })}
          </Typography.Text>
        )}
        <div style={{ minWidth: 0 }}>{body}</div>
      </Card>
      {issuing && (
        <PassIssueModal
          kind={issueKind}
          personId={issueFor && UUID.test(issueFor) ? issueFor : undefined}
          onClose={closeIssue}
          onIssued={(pass) => {
            void message.success(t('checkpoints.issue.done', { holder: pass.holder }));
            closeIssue();
            setOpen({ id: pass.id, initial: pass });
          }}
        />
      )}
      {open && (
        <PassDetailDrawer
          passId={open.id}
          initial={open.initial}
          canIssue={canIssue}
          onClose={() => setOpen(null)}
        />
      )}
    </>
  );
}
