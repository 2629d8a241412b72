import {
  DownloadOutlined,
  FilterOutlined,
  PhoneOutlined,
  RightOutlined,
  SearchOutlined,
} from '@ant-design/icons';
import {
  Button,
  Card,
  DatePicker,
  Input,
  Pagination,
  Select,
  Table,
  type TableColumnsType,
  Typography,
  theme,
} from 'antd';
import dayjs from 'dayjs';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { CARE_FLAGS, type CareFlag, type PersonDto } from '../../../domain/registry';
import type { ColumnT } from '../../components/format';
import { EmptyState, LoadError, Loading } from '../../components/states';
import { useIsMobile } from '../../components/use-is-mobile';
import { hasPermission, useSession } from '../auth/auth.api';
import { UnitTreeSelect } from '../units';
import { ExportLedgerModal } from './ExportLedgerModal';
import { MaskedText, PersonTags, sexAge } from './person-display';
import { RegistryNav } from './RegistryNav';
import { type PersonSearchParams, usePersonSearch, useUnitDetail } from './registry.api';

const PAGE_SIZES = [20, 50, 100, 200];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The search lives in the address bar, so going back from a person returns to the same results. */
function readParams(sp: URLSearchParams): PersonSearchParams {
  const num = (k: string, d: number, max: number) => {
    const n = Number(sp.get(k));
    return Number.isInteger(n) && n >= 1 && n <= max ? n : d;
  };
  const flag = sp.get('flag');
  const day = (k: string) => {
    const v = sp.get(k);
    return v && DAY.test(v) ? v : undefined;
  };
  return {
    page: num('page', 1, 100_000),
    pageSize: PAGE_SIZES.includes(num('pageSize', 20, 200)) ? num('pageSize', 20, 200) : 20,
    q: sp.get('q')?.trim() || undefined,
    unit: sp.get('unit') || undefined,
    flag: CARE_FLAGS.includes(flag as CareFlag) ? (flag as CareFlag) : undefined,
    travelFrom: sp.get('travelFrom')?.trim() || undefined,
    returnedFrom: day('returnedFrom'),
    returnedTo: day('returnedTo'),
  };
}

function writeParams(p: PersonSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(p)) {
    if (v === undefined || v === '') continue;
    if (k === 'page' && v === 1) continue;
    if (k === 'pageSize' && v === 20) continue;
    out[k] = String(v);
  }
  return out;
}

/** 居民查询: one box for every way a person is looked up on the phone, filters, paged results. */
export function PersonSearchPage() {
  const me = useSession();
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const [sp, setSp] = useSearchParams();
  const params = readParams(sp);
  const [text, setText] = useState(params.q ?? '');
  const [travel, setTravel] = useState(params.travelFrom ?? '');
  const [filtersOpen, setFiltersOpen] = useState(false);
  const [exportOpen, setExportOpen] = useState(false);
  const results = usePersonSearch(params);
  const unitLabel = useUnitDetail(params.unit).data?.name;
  const canWrite = hasPermission(me, 'persons.write');

  // Back/forward changes the address: the boxes follow.
  useEffect(() => setText(params.q ?? ''), [params.q]);
  useEffect(() => setTravel(params.travelFrom ?? ''), [params.travelFrom]);

  const update = (patch: Partial<PersonSearchParams>) =>
    setSp(writeParams({ ...params, page: 1, ...patch }), { replace: true });
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
    setSp({}, { replace: true });
  };

  const size = isMobile ? 'large' : 'middle';
  const open = (p: PersonDto) => navigate(`/registry/persons/${p.id}`);

  const search = (
    <div style={{ display: 'grid', gap: 6 }}>
      <Input.Search
        allowClear
        enterButton={<SearchOutlined aria-label={t('common.search')} />}
        size="large"
        value={text}
        maxLength={50}
        placeholder={t('registry.searchPlaceholder')}
        aria-label={t('registry.searchPlaceholder')}
        onChange={(e) => {
          setText(e.target.value);
          if (e.target.value === '') update({ q: undefined });
        }}
        onSearch={(v) => update({ q: v.trim() || undefined })}
        data-testid="person-search"
        autoFocus={!isMobile}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('registry.searchHint')}
      </Typography.Text>
    </div>
  );

  const label = (text: string, node: ReactNode, width?: number) => (
    <div style={{ display: 'grid', gap: 4, width: isMobile ? '100%' : width, minWidth: 0 }}>
      <span style={{ fontSize: 13, color: token.colorTextSecondary }}>{text}</span>
      {node}
    </div>
  );

  const filters = (
    <div
      style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'flex-end' }}
      data-testid="person-filters"
    >
      {label(
        t('registry.scope'),
        <UnitTreeSelect
          value={params.unit}
          valueLabel={unitLabel}
          onChange={(id) => update({ unit: id })}
          selectableTypes={['community', 'village', 'compound', 'building', 'entrance']}
          deepestType="entrance"
          placeholder={t('registry.scopePlaceholder')}
        />,
        260,
      )}
      {label(
        t('registry.careFlagFilter'),
        <Select<CareFlag>
          allowClear
          size={size}
          value={params.flag}
          placeholder={t('registry.allCareFlags')}
          options={CARE_FLAGS.map((f) => ({ value: f, label: t(`registry.careFlag.${f}`) }))}
          onChange={(flag) => update({ flag })}
          style={{ width: '100%' }}
          data-testid="person-flag-filter"
        />,
        170,
      )}
      {label(
        t('registry.returnedBetween'),
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
        />,
        260,
      )}
      {label(
        t('registry.travelFromFilter'),
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
        />,
        160,
      )}
      {anyFilter && (
        <Button size={size} onClick={clearAll} block={isMobile}>
          {t('registry.clearFilters')}
        </Button>
      )}
    </div>
  );

  let body: ReactNode;
  if (results.isPending) body = <Loading />;
  else if (results.isError) body = <LoadError error={results.error} onRetry={() => void results.refetch()} />;
  else if (results.data.items.length === 0 && params.page === 1) {
    body = anyFilter ? (
      <EmptyState
        description={
          <>
            <div>{t('registry.empty')}</div>
            <Typography.Text type="secondary">{t('registry.emptyHint')}</Typography.Text>
          </>
        }
      >
        <Button onClick={clearAll}>{t('registry.clearFilters')}</Button>
      </EmptyState>
    ) : (
      <EmptyState
        description={
          <>
            <div>{t('registry.noneYet')}</div>
            <Typography.Text type="secondary">{t('registry.noneYetHint')}</Typography.Text>
          </>
        }
      >
        {canWrite && (
          <Button type="primary" icon={<PhoneOutlined />} onClick={() => navigate('/registry/entry')}>
            {t('registry.entry')}
          </Button>
        )}
      </EmptyState>
    );
  } else if (isMobile) {
    body = (
      <>
        <ul
          style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 8 }}
          data-testid="person-results"
        >
          {results.data.items.map((p) => (
            <PersonCard key={p.id} person={p} />
          ))}
        </ul>
        {results.data.total > params.pageSize && (
          <Pagination
            simple
            current={params.page}
            pageSize={params.pageSize}
            total={results.data.total}
            onChange={(page) => setSp(writeParams({ ...params, page }), { replace: true })}
            style={{ marginTop: 12, display: 'flex', justifyContent: 'center' }}
          />
        )}
      </>
    );
  } else {
    body = (
      <Table<PersonDto>
        data-testid="person-results"
        rowKey="id"
        size="middle"
        columns={columns(t as ColumnT)}
        dataSource={results.data.items}
        loading={results.isFetching && results.isPlaceholderData}
        scroll={{ x: 1100 }}
        onRow={(p) => ({ onClick: () => open(p), style: { cursor: 'pointer' } })}
        pagination={{
          current: params.page,
          pageSize: params.pageSize,
          total: results.data.total,
          showSizeChanger: true,
          pageSizeOptions: PAGE_SIZES,
          showTotal: (n) => t('registry.resultCount', { count: countText(n, results.data?.totalCapped) }),
          onChange: (page, pageSize) =>
            setSp(writeParams({ ...params, page: pageSize === params.pageSize ? page : 1, pageSize }), {
              replace: true,
            }),
        }}
      />
    );
  }

  return (
    <>
      <RegistryNav />
      <Card
        title={<span style={{ fontSize: isMobile ? 18 : 20 }}>{t('registry.searchTitle')}</span>}
        extra={
          <div style={{ display: 'flex', gap: 8 }}>
            {isMobile && (
              <Button
                icon={<FilterOutlined />}
                size="large"
                type={filtersOpen || filterCount > 0 ? 'primary' : 'default'}
                ghost={!filtersOpen && filterCount > 0}
                onClick={() => setFiltersOpen(!filtersOpen)}
                aria-expanded={filtersOpen}
                data-testid="person-filters-toggle"
              >
                {filterCount > 0 ? `${t('registry.filters')} · ${filterCount}` : t('registry.filters')}
              </Button>
            )}
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
              <Button
                type="primary"
                icon={<PhoneOutlined />}
                size={size}
                onClick={() => navigate('/registry/entry')}
                data-testid="registry-entry-link"
                aria-label={t('registry.entry')}
              >
                {isMobile ? null : t('registry.entry')}
              </Button>
            )}
          </div>
        }
        styles={{ body: { padding: isMobile ? 12 : 24, display: 'grid', gap: 16 } }}
      >
        {search}
        {(!isMobile || filtersOpen) && filters}
        {isMobile && results.data && results.data.total > 0 && (
          <Typography.Text type="secondary" data-testid="person-count">
            {t('registry.resultCount', { count: countText(results.data.total, results.data.totalCapped) })}
          </Typography.Text>
        )}
        <div>{body}</div>
      </Card>
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
    {
      title: t('registry.field.name'),
      dataIndex: 'name',
      width: 130,
      fixed: 'left',
      render: (name: string, p) => (
        <Link
          to={`/registry/persons/${p.id}`}
          onClick={(e) => e.stopPropagation()}
          style={{ fontWeight: 600 }}
          data-testid="person-link"
        >
          {name}
        </Link>
      ),
    },
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
    {
      title: '',
      key: 'open',
      width: 48,
      align: 'center',
      render: () => <RightOutlined style={{ color: 'rgba(0,0,0,0.25)' }} />,
    },
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
      <Link
        to={`/registry/persons/${person.id}`}
        data-testid="person-link"
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
        <RightOutlined style={{ color: token.colorTextQuaternary }} />
      </Link>
    </li>
  );
}

/** "1000+" when the server stopped counting (a search matching very many persons). */
function countText(n: number, capped: boolean | undefined): string {
  return capped ? `${n}+` : String(n);
}
