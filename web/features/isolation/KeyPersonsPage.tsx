import { SearchOutlined, UserAddOutlined } from '@ant-design/icons';
import { Button, Checkbox, Segmented, type TableColumnsType, Tag, Typography, theme } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import {
  ISOLATION_KINDS,
  ISOLATION_STATUSES,
  type IsolationSummary,
  KEY_PERSON_CATEGORIES,
  type KeyPersonCategory,
} from '../../../domain/isolation';
import type { ColumnT } from '../../components/format';
import {
  AreaFilter,
  CardLink,
  ClearFilters,
  EmptyList,
  FilterBar,
  FilterField,
  ListBody,
  ListCard,
  ListCount,
  nameColumn,
  openColumn,
  PrimaryAction,
  readPaging,
  SearchBox,
  SelectFilter,
} from '../../components/list-page';

import { useIsMobile } from '../../components/use-is-mobile';
import { hasPermission, useSession } from '../auth/auth.api';
import { useUnitDetail } from '../registry/registry.api';
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
type StatusFilter = (typeof ISOLATION_STATUSES)[number] | 'all';

/** The list lives in the address bar: `status` defaults to those in isolation now. */
function readParams(sp: URLSearchParams, me: string): IsolationListParams & { statusFilter: StatusFilter } {
  const pick = <T extends string>(k: string, values: readonly T[]) =>
    values.find((v) => v === sp.get(k)) as T | undefined;
  const statusFilter = pick('status', [...ISOLATION_STATUSES, 'all'] as const) ?? 'active';
  return {
    ...readPaging(sp),
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
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const [sp, setSp] = useSearchParams();
  const { statusFilter, ...params } = readParams(sp, me.id);
  const list = useIsolations(params);
  const unitLabel = useUnitDetail(params.unit).data?.name;
  const canWrite = hasPermission(me, 'isolation.write');
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
  const count = (n: number) => t('isolation.persons.count', { count: String(n) });

  return (
    <>
      <IsolationNav />
      <ListCard
        title={t('isolation.persons.title')}
        filters={{ count: filterCount, label: t('registry.filters') }}
        actions={
          canWrite && (
            <PrimaryAction
              icon={<UserAddOutlined />}
              label={t('isolation.persons.create')}
              onClick={openCreate}
              testId="key-person-create"
            />
          )
        }
      >
        <SearchBox
          size="large"
          value={text}
          enterButton={<SearchOutlined aria-label={t('common.search')} />}
          placeholder={t('isolation.persons.searchPlaceholder')}
          aria-label={t('isolation.persons.searchPlaceholder')}
          onChange={setText}
          onSearch={(q) => update({ q })}
          data-testid="key-person-search"
        />
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
        <FilterBar testId="key-person-filters">
          <FilterField label={t('isolation.field.category')} width={190}>
            <SelectFilter
              values={KEY_PERSON_CATEGORIES}
              optionLabel={(c) => t(`isolation.category.${c}`)}
              value={params.category}
              placeholder={t('isolation.persons.allCategories')}
              onChange={(category) => update({ category })}
              testId="key-person-category-filter"
            />
          </FilterField>
          <FilterField label={t('isolation.field.kind')} width={150}>
            <SelectFilter
              values={ISOLATION_KINDS}
              optionLabel={(k) => t(`isolation.kind.${k}`)}
              value={params.kind}
              placeholder={t('isolation.persons.allKinds')}
              onChange={(kind) => update({ kind })}
            />
          </FilterField>
          <AreaFilter
            label={t('isolation.persons.area')}
            width={240}
            types={['subdistrict', 'community', 'village', 'compound', 'building']}
            placeholder={t('isolation.worklist.allUnits')}
            value={params.unit}
            valueLabel={unitLabel}
            onChange={(unit) => update({ unit })}
          />
          <Checkbox
            checked={!!params.member}
            onChange={(e) => update({ mine: e.target.checked ? '1' : undefined })}
            style={{ paddingBottom: 6 }}
          >
            {t('isolation.worklist.mine')}
          </Checkbox>
          {anyFilter && <ClearFilters onClick={clearAll}>{t('registry.clearFilters')}</ClearFilters>}
        </FilterBar>
        <ListCount total={list.data?.total} text={count} />
        <ListBody<IsolationSummary>
          query={list}
          paging={params}
          onPage={(page, pageSize) =>
            update(
              {
                page: page > 1 ? String(page) : undefined,
                pageSize: pageSize === 20 ? undefined : String(pageSize),
              },
              true,
            )
          }
          testId="key-person-list"
          count={count}
          empty={
            <EmptyList
              text={anyFilter ? t('isolation.persons.emptyFilter') : t('isolation.persons.empty')}
              hint={t('isolation.persons.emptyHint')}
            >
              <div style={{ display: 'flex', gap: 8, justifyContent: 'center', flexWrap: 'wrap' }}>
                {anyFilter && <Button onClick={clearAll}>{t('registry.clearFilters')}</Button>}
                {canWrite && (
                  <Button type="primary" icon={<UserAddOutlined />} onClick={openCreate}>
                    {t('isolation.persons.create')}
                  </Button>
                )}
              </div>
            </EmptyList>
          }
          card={(o) => <OrderCard order={o} />}
          table={{
            size: 'middle',
            columns: columns(t as ColumnT),
            scroll: { x: 1280 },
            onRow: (o) => ({
              onClick: () => navigate(`/isolation/orders/${o.id}`),
              style: { cursor: 'pointer' },
            }),
          }}
        />
      </ListCard>
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
    nameColumn(t('isolation.field.name'), 100, (o) => `/isolation/orders/${o.id}`, 'key-person-link'),
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
    openColumn(40),
  ];
}

function OrderCard({ order: o }: { order: IsolationSummary }) {
  const { token } = theme.useToken();
  return (
    <li data-testid="key-person-row">
      <CardLink to={`/isolation/orders/${o.id}`} testId="key-person-link">
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
      </CardLink>
    </li>
  );
}
