import { PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import {
  PASS_KINDS,
  PASS_STATES,
  type PassDto,
  type PassKind,
  type PassState,
} from '../../../domain/checkpoints';
import type { ColumnT } from '../../components/format';
import {
  AreaFilter,
  ClearFilters,
  EmptyList,
  FilterBar,
  FilterChip,
  FilterField,
  filterParams,
  ListBody,
  ListCard,
  ListCount,
  PrimaryAction,
  SearchBox,
  SelectFilter,
  useListParams,
} from '../../components/list-page';

import { useIsMobile } from '../../components/use-is-mobile';
import { hasPermission, useSession } from '../auth/auth.api';
import { useUnitDetail } from '../registry/registry.api';
import { CheckpointsNav } from './CheckpointsNav';
import { type PassListParams, PRINT_CAP, usePasses } from './checkpoints.api';
import { PassDetailDrawer } from './PassDetailDrawer';
import { PassIssueModal } from './PassIssueModal';
import { PassCard, passColumns } from './PassRows';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FILTERS = ['unit', 'q', 'state', 'kind', 'person', 'household'] as const;

/** The filters in the address; the page and its size are useListParams's. */
function readFilters(sp: URLSearchParams): Omit<PassListParams, 'page' | 'pageSize'> {
  const state = sp.get('state');
  const kind = sp.get('kind');
  const person = sp.get('person');
  const household = sp.get('household');
  return {
    unit: sp.get('unit') || undefined,
    q: sp.get('q')?.trim().slice(0, 50) || undefined,
    state: PASS_STATES.includes(state as PassState) ? (state as PassState) : undefined,
    kind: PASS_KINDS.includes(kind as PassKind) ? (kind as PassKind) : undefined,
    person: person && UUID.test(person) ? person : undefined,
    household: household && UUID.test(household) ? household : undefined,
  };
}

/**
 * 出入证管理: passes of the account's area, found by the holder's name, initials or ID digits, by state
 * and kind; each opens with its QR code, the resident's link, printing and revoking. `?issue=household`
 * (or person / worker) opens the issuing dialog, with `&for=<personId>` the holder picked.
 */
export function PassesPage() {
  const me = useSession();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const { params, sp, setSp, update, goTo, clear } = useListParams(readFilters, (f) =>
    filterParams(f, FILTERS),
  );
  const list = usePasses(params);
  const unitLabel = useUnitDetail(params.unit).data?.name;
  const canIssue = hasPermission(me, 'passes.issue');
  const [q, setQ] = useState(params.q ?? '');
  const [open, setOpen] = useState<{ id: string; initial?: PassDto } | null>(null);
  const [selected, setSelected] = useState<string[]>([]);

  const issueParam = sp.get('issue');
  const issueKind = PASS_KINDS.includes(issueParam as PassKind) ? (issueParam as PassKind) : undefined;
  const issueFor = sp.get('for');
  const issuing = canIssue && (issueParam === '1' || !!issueKind);

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
  const filterCount = FILTERS.filter((k) => params[k]).length;
  const size = isMobile ? 'large' : 'middle';
  const count = (n: number) => t('checkpoints.passes.count', { count: String(n) });

  const print = (ids: string[]) => {
    if (ids.length > PRINT_CAP) {
      void message.warning(t('checkpoints.passes.printCap', { cap: String(PRINT_CAP) }));
      return;
    }
    navigate(`/print/passes?ids=${ids.join(',')}`);
  };

  return (
    <>
      <CheckpointsNav />
      <ListCard
        title={t('checkpoints.passes.title')}
        filters={{ count: filterCount, label: t('checkpoints.list.filters') }}
        actions={
          <>
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
              <PrimaryAction
                icon={<PlusOutlined />}
                label={t('checkpoints.passes.issue')}
                onClick={openIssue}
                testId="pass-issue"
              />
            )}
          </>
        }
      >
        <FilterBar testId="pass-filters">
          <FilterField label={t('checkpoints.passes.search')} width={240}>
            <SearchBox
              size={size}
              value={q}
              placeholder={t('checkpoints.passes.searchPlaceholder')}
              onChange={setQ}
              onSearch={(q) => update({ q })}
              data-testid="pass-search"
            />
          </FilterField>
          <FilterField label={t('checkpoints.field.passState')} width={140}>
            <SelectFilter
              values={PASS_STATES}
              optionLabel={(s) => t(`checkpoints.passState.${s}`)}
              value={params.state}
              placeholder={t('checkpoints.passes.allStates')}
              onChange={(state) => update({ state })}
              testId="pass-state-filter"
            />
          </FilterField>
          <FilterField label={t('checkpoints.field.passKind')} width={140}>
            <SelectFilter
              values={PASS_KINDS}
              optionLabel={(k) => t(`checkpoints.passKind.${k}`)}
              value={params.kind}
              placeholder={t('checkpoints.passes.allKinds')}
              onChange={(kind) => update({ kind })}
            />
          </FilterField>
          <AreaFilter
            label={t('checkpoints.list.area')}
            width={240}
            types={['subdistrict', 'community', 'village', 'compound', 'building']}
            placeholder={t('checkpoints.list.allAreas')}
            value={params.unit}
            valueLabel={unitLabel}
            onChange={(unit) => update({ unit })}
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
        {(params.person || params.household) && (
          <FilterChip
            onClear={() => update({ person: undefined, household: undefined })}
            testId="pass-holder-filter"
          >
            {params.household ? t('checkpoints.passes.oneHousehold') : t('checkpoints.passes.onePerson')}
          </FilterChip>
        )}
        <ListCount total={list.data?.total} text={count} />
        <ListBody<PassDto>
          query={list}
          paging={params}
          onPage={goTo}
          testId="pass-list"
          count={count}
          empty={
            <EmptyList
              testId="passes-empty"
              text={filterCount > 0 ? t('checkpoints.passes.emptyFilter') : t('checkpoints.passes.empty')}
              hint={filterCount === 0 && t('checkpoints.passes.emptyHint')}
            >
              {canIssue && filterCount === 0 && (
                <Button type="primary" icon={<PlusOutlined />} onClick={openIssue}>
                  {t('checkpoints.passes.issue')}
                </Button>
              )}
            </EmptyList>
          }
          card={(p) => <PassCard pass={p} onOpen={() => setOpen({ id: p.id, initial: p })} />}
          table={{
            size: 'middle',
            columns: passColumns(t as ColumnT),
            scroll: { x: 1130 },
            rowSelection: {
              selectedRowKeys: selected,
              onChange: (keys) => setSelected(keys.map(String)),
              getCheckboxProps: (p) => ({ disabled: p.state === 'revoked' || p.state === 'expired' }),
              preserveSelectedRowKeys: true,
            },
            onRow: (p) =>
              ({
                onClick: () => setOpen({ id: p.id, initial: p }),
                style: { cursor: 'pointer' },
                'data-testid': 'pass-row',
                'data-state': p.state,
              }) as React.HTMLAttributes<HTMLElement>,
          }}
        />
      </ListCard>
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
