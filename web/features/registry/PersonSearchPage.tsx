import { DownloadOutlined, PhoneOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, DatePicker, Input, type TableColumnsType, Typography, theme } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { CARE_FLAGS, type CareFlag, type PersonDto } from '../../../domain/registry';
import type { ColumnT } from '../../components/format';
import {
  AreaFilter,
  CardLink,
  ClearFilters,
  EmptyList,
  FilterBar,
  FilterField,
  filterParams,
  ListBody,
  ListCard,
  ListCount,
  nameColumn,
  openColumn,
  PrimaryAction,
  SearchBox,
  SelectFilter,
  useListParams,
} from '../../components/list-page';
import { useIsMobile } from '../../components/use-is-mobile';
import { hasPermission, useSession } from '../auth/auth.api';
import { ExportLedgerModal } from './ExportLedgerModal';
import { MaskedText, PersonTags, sexAge } from './person-display';
import { RegistryNav } from './RegistryNav';
import { type PersonSearchParams, usePersonSearch, useUnitDetail } from './registry.api';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The search in the address (the page and its size are useListParams's), so going back from a person returns to the same results. */
function readFilters(sp: URLSearchParams): Omit<PersonSearchParams, 'page' | 'pageSize'> {
  const flag = sp.get('flag');
  const day = (k: string) => {
    const v = sp.get(k);
    return v && DAY.test(v) ? v : undefined;
  };
  return {
    q: sp.get('q')?.trim() || undefined,
    unit: sp.get('unit') || undefined,
    flag: CARE_FLAGS.includes(flag as CareFlag) ? (flag as CareFlag) : undefined,
    travelFrom: sp.get('travelFrom')?.trim() || undefined,
    returnedFrom: day('returnedFrom'),
    returnedTo: day('returnedTo'),
  };
}

/** 居民查询: one box for every way a person is looked up on the phone, filters, paged results. */
export function PersonSearchPage() {
  const me = useSession();
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const { params, update, goTo, clear } = useListParams(readFilters, (f) =>
    filterParams(f, ['q', 'unit', 'flag', 'travelFrom', 'returnedFrom', 'returnedTo']),
  );
  const [text, setText] = useState(params.q ?? '');
  const [travel, setTravel] = useState(params.travelFrom ?? '');
  const [exportOpen, setExportOpen] = useState(false);
  const results = usePersonSearch(params);
  const unitLabel = useUnitDetail(params.unit).data?.name;
  const canWrite = hasPermission(me, 'persons.write');

  // Back/forward changes the address: the boxes follow.
  useEffect(() => setText(params.q ?? ''), [params.q]);
  useEffect(() => setTravel(params.travelFrom ?? ''), [params.travelFrom]);

  const filterCount = [
    params.unit,
    params.flag,
    params.travelFrom,
    params.returnedFrom || params.returnedTo,
  ].filter(Boolean).length;
  const anyFilter = filterCount > 0 || !!params.q;
  const clearAll = () => {
    setText('');
    setTravel('');
    clear();
  };

  const size = isMobile ? 'large' : 'middle';
  const open = (p: PersonDto) => navigate(`/registry/persons/${p.id}`);
  const count = (n: number) => t('registry.resultCount', { count: countText(n, results.data?.totalCapped) });

  return (
    <>
      <RegistryNav />
      <ListCard
        title={t('registry.searchTitle')}
        filters={{
          count: filterCount,
          label: t('registry.filters'),
          withText: true,
          testId: 'person-filters-toggle',
        }}
        actions={
          <>
            <Button
              icon={<DownloadOutlined />}
              size={size}
              onClick={() => setExportOpen(true)}
              data-testid="person-export"
              aria-label={t('imports.export.button')}
            >
              {isMobile ? null : t('imports.export.button')}
            </Button>
            {canWrite && (
              <PrimaryAction
                icon={<PhoneOutlined />}
                label={t('registry.entry')}
                onClick={() => navigate('/registry/entry')}
                testId="registry-entry-link"
                compact
              />
            )}
          </>
        }
      >
        <div style={{ display: 'grid', gap: 6 }}>
          <SearchBox
            enterButton={<SearchOutlined aria-label={t('common.search')} />}
            size="large"
            value={text}
            placeholder={t('registry.searchPlaceholder')}
            aria-label={t('registry.searchPlaceholder')}
            onChange={setText}
            onSearch={(q) => update({ q })}
            data-testid="person-search"
            autoFocus={!isMobile}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('registry.searchHint')}
          </Typography.Text>
        </div>
        <FilterBar testId="person-filters">
          <AreaFilter
            label={t('registry.scope')}
            width={260}
            types={['community', 'village', 'compound', 'building', 'entrance']}
            placeholder={t('registry.scopePlaceholder')}
            value={params.unit}
            valueLabel={unitLabel}
            onChange={(unit) => update({ unit })}
          />
          <FilterField label={t('registry.careFlagFilter')} width={170}>
            <SelectFilter
              values={CARE_FLAGS}
              optionLabel={(f) => t(`registry.careFlag.${f}`)}
              value={params.flag}
              placeholder={t('registry.allCareFlags')}
              onChange={(flag) => update({ flag })}
              testId="person-flag-filter"
            />
          </FilterField>
          <FilterField label={t('registry.returnedBetween')} width={260}>
            <DatePicker.RangePicker
              size={size}
              allowEmpty={[true, true]}
              value={[
                params.returnedFrom ? dayjs(params.returnedFrom) : null,
                params.returnedTo ? dayjs(params.returnedTo) : null,
              ]}
              placeholder={[t('registry.returnedFrom'), t('registry.returnedTo')]}
              onChange={(range) =>
                update({
                  returnedFrom: range?.[0]?.format('YYYY-MM-DD'),
                  returnedTo: range?.[1]?.format('YYYY-MM-DD'),
                })
              }
              style={{ width: '100%' }}
            />
          </FilterField>
          <FilterField label={t('registry.travelFromFilter')} width={160}>
            <Input
              allowClear
              size={size}
              value={travel}
              maxLength={50}
              placeholder={t('registry.travelFromPlaceholder')}
              onChange={(e) => {
                setTravel(e.target.value);
                if (e.target.value === '') update({ travelFrom: undefined });
              }}
              onPressEnter={() => update({ travelFrom: travel.trim() || undefined })}
              onBlur={() => {
                if ((travel.trim() || undefined) !== params.travelFrom)
                  update({ travelFrom: travel.trim() || undefined });
              }}
            />
          </FilterField>
          {anyFilter && <ClearFilters onClick={clearAll}>{t('registry.clearFilters')}</ClearFilters>}
        </FilterBar>
        <ListCount total={results.data?.total} text={count} testId="person-count" />
        <ListBody<PersonDto>
          query={results}
          paging={params}
          onPage={goTo}
          testId="person-results"
          count={count}
          empty={
            anyFilter ? (
              <EmptyList text={t('registry.empty')} hint={t('registry.emptyHint')}>
                <Button onClick={clearAll}>{t('registry.clearFilters')}</Button>
              </EmptyList>
            ) : (
              <EmptyList text={t('registry.noneYet')} hint={t('registry.noneYetHint')}>
                {canWrite && (
                  <Button type="primary" icon={<PhoneOutlined />} onClick={() => navigate('/registry/entry')}>
                    {t('registry.entry')}
                  </Button>
                )}
              </EmptyList>
            )
          }
          card={(p) => <PersonCard person={p} />}
          table={{
            size: 'middle',
            columns: columns(t as ColumnT),
            scroll: { x: 1100 },
            onRow: (p) => ({ onClick: () => open(p), style: { cursor: 'pointer' } }),
          }}
        />
      </ListCard>
      <ExportLedgerModal
        open={exportOpen}
        onClose={() => setExportOpen(false)}
        unitId={params.unit ?? me.unitId}
        unitName={(params.unit ? unitLabel : me.unitName) ?? ''}
      />
    </>
  );
}

function columns(t: ColumnT): TableColumnsType<PersonDto> {
  return [
    nameColumn(t('registry.field.name'), 130, (p) => `/registry/persons/${p.id}`, 'person-link'),
    {
      title: t('registry.field.sexAge'),
      key: 'sexAge',
      width: 130,
      render: (_: unknown, p) => <SexAgeCell person={p} />,
    },
    { title: t('registry.field.address'), dataIndex: 'address', ellipsis: true },
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
    {
      title: t('registry.field.flags'),
      key: 'flags',
      width: 220,
      render: (_: unknown, p) => <PersonTags person={p} />,
    },
    openColumn(48),
  ];
}

function SexAgeCell({ person }: { person: PersonDto }) {
  const { t } = useTranslation();
  const text = sexAge(t, person);
  return text ? (
    <span style={{ whiteSpace: 'nowrap' }}>{text}</span>
  ) : (
    <Typography.Text type="secondary">—</Typography.Text>
  );
}

function PersonCard({ person }: { person: PersonDto }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const sa = sexAge(t, person);
  return (
    <li>
      <CardLink to={`/registry/persons/${person.id}`} testId="person-link">
        <div style={{ flex: 1, minWidth: 0, display: 'grid', gap: 4 }}>
          <div style={{ display: 'flex', alignItems: 'baseline', gap: 8, flexWrap: 'wrap' }}>
            <span style={{ fontSize: 16, fontWeight: 600 }}>{person.name}</span>
            {sa && <span style={{ color: token.colorTextSecondary }}>{sa}</span>}
          </div>
          <div style={{ color: token.colorTextSecondary, fontSize: 13 }}>{person.address}</div>
          <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap', fontSize: 13 }}>
            {person.idNumber && <MaskedText value={person.idNumber} />}
            {person.phone && <MaskedText value={person.phone} />}
          </div>
          <PersonTags person={person} />
        </div>
      </CardLink>
    </li>
  );
}

/** "1000+" when the server stopped counting (a search matching very many persons). */
function countText(n: number, capped: boolean | undefined): string {
  return capped ? `${n}+` : String(n);
}
