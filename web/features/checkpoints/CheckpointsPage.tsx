import { PlusOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { CHECKPOINT_KINDS, type CheckpointDto, type CheckpointKind } from '../../../domain/checkpoints';
import { Forbidden } from '../../app/shell/ErrorPages';
import type { ColumnT } from '../../components/format';
import {
  AreaFilter,
  ClearFilters,
  EmptyList,
  FilterBar,
  FilterField,
  FilterSwitch,
  filterParams,
  ListBody,
  ListCard,
  ListCount,
  PrimaryAction,
  SearchBox,
  SegmentedFilter,
  useListParams,
} from '../../components/list-page';
import { useIsMobile } from '../../components/use-is-mobile';
import { hasPermission, useSession } from '../auth/auth.api';
import { useUnitDetail } from '../registry/registry.api';
import { CheckpointFormModal } from './CheckpointFormModal';
import { CheckpointCard, checkpointColumns } from './CheckpointRows';
import { CheckpointsNav } from './CheckpointsNav';
import { type CheckpointListParams, useCheckpoints } from './checkpoints.api';

const FILTERS = ['unit', 'q', 'kind', 'archived'] as const;

/** The filters in the address; the page and its size are useListParams's. */
function readFilters(sp: URLSearchParams): Omit<CheckpointListParams, 'page' | 'pageSize'> {
  const kind = sp.get('kind');
  return {
    unit: sp.get('unit') || undefined,
    q: sp.get('q')?.trim().slice(0, 50) || undefined,
    kind: CHECKPOINT_KINDS.includes(kind as CheckpointKind) ? (kind as CheckpointKind) : undefined,
    archived: sp.get('archived') === '1' ? '1' : undefined,
  };
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
  const isMobile = useIsMobile();
  const { params, update, goTo, clear } = useListParams(readFilters, (f) => filterParams(f, FILTERS), 50);
  const list = useCheckpoints(params);
  const unitLabel = useUnitDetail(params.unit).data?.name;
  const canManage = hasPermission(me, 'checkpoints.manage');
  const [dialog, setDialog] = useState<Dialog>(null);
  const [q, setQ] = useState(params.q ?? '');

  const filterCount = FILTERS.filter((k) => params[k]).length;
  const size = isMobile ? 'large' : 'middle';
  const count = (n: number) => t('checkpoints.list.count', { count: String(n) });
  const openCreate = () => setDialog({ mode: 'create' });
  const edit = (checkpoint: CheckpointDto) => setDialog({ mode: 'edit', checkpoint });

  return (
    <>
      <CheckpointsNav />
      <ListCard
        title={t('checkpoints.list.title')}
        filters={{ count: filterCount, label: t('checkpoints.list.filters') }}
        actions={
          canManage && (
            <PrimaryAction
              icon={<PlusOutlined />}
              label={t('checkpoints.list.create')}
              onClick={openCreate}
              testId="checkpoint-create"
            />
          )
        }
      >
        <FilterBar testId="checkpoint-filters">
          <FilterField label={t('checkpoints.list.search')} width={220}>
            <SearchBox
              size={size}
              value={q}
              placeholder={t('checkpoints.list.searchPlaceholder')}
              onChange={setQ}
              onSearch={(q) => update({ q })}
            />
          </FilterField>
          <AreaFilter
            label={t('checkpoints.list.area')}
            width={240}
            types={['subdistrict', 'community', 'village', 'compound']}
            placeholder={t('checkpoints.list.allAreas')}
            value={params.unit}
            valueLabel={unitLabel}
            onChange={(unit) => update({ unit })}
          />
          <FilterField label={t('checkpoints.field.kind')}>
            <SegmentedFilter
              values={CHECKPOINT_KINDS}
              optionLabel={(k) => t(`checkpoints.kind.${k}`)}
              allLabel={t('checkpoints.list.allKinds')}
              value={params.kind}
              onChange={(kind) => update({ kind })}
            />
          </FilterField>
          <FilterSwitch
            id="checkpoint-archived-filter"
            label={t('checkpoints.list.showArchived')}
            checked={params.archived === '1'}
            onChange={(on) => update({ archived: on ? '1' : undefined })}
            testId="checkpoint-archived-filter"
          />
          {filterCount > 0 && (
            <ClearFilters
              onClick={() => {
                setQ('');
                clear();
              }}
            >
              {t('checkpoints.list.clearFilters')}
            </ClearFilters>
          )}
        </FilterBar>
        <ListCount total={list.data?.total} text={count} />
        <ListBody<CheckpointDto>
          query={list}
          paging={params}
          onPage={goTo}
          testId="checkpoint-list"
          count={count}
          empty={
            <EmptyList
              testId="checkpoints-empty"
              text={filterCount > 0 ? t('checkpoints.list.emptyFilter') : t('checkpoints.list.empty')}
              hint={canManage && filterCount === 0 && t('checkpoints.list.emptyHint')}
            >
              {canManage && filterCount === 0 && (
                <Button type="primary" icon={<PlusOutlined />} onClick={openCreate}>
                  {t('checkpoints.list.create')}
                </Button>
              )}
            </EmptyList>
          }
          card={(c) => <CheckpointCard checkpoint={c} canManage={canManage} onEdit={() => edit(c)} />}
          table={{
            size: 'middle',
            columns: checkpointColumns(t as ColumnT, canManage, edit),
            scroll: { x: 1110 },
            onRow: () => ({ 'data-testid': 'checkpoint-row' }) as React.HTMLAttributes<HTMLElement>,
            pagination: { hideOnSinglePage: (list.data?.total ?? 0) <= 20 },
          }}
        />
      </ListCard>
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
