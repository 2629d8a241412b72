/**
 * The pieces every paged list page is built of: the address-bar params, the card with its title and the
 * phone's filter toggle, the filter bar and its labelled fields, and the body that shows a table on a
 * desktop and cards with a simple pager on a phone.
 */
import { CloseOutlined, RightOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  type GetProps,
  Input,
  Pagination,
  Segmented,
  Select,
  Switch,
  Table,
  type TableColumnType,
  type TablePaginationConfig,
  type TableProps,
  Tag,
  Typography,
  theme,
} from 'antd';
import { type CSSProperties, createContext, Fragment, type ReactNode, useContext, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { UnitType } from '../../domain/units';
import { UnitTreeSelect } from '../features/units';
import { FilterToggle, type FilterToggleProps } from './FilterToggle';
import { EmptyState, LoadError, Loading } from './states';
import { useIsMobile } from './use-is-mobile';

export const PAGE_SIZES = [20, 50, 100, 200];

export interface Paging {
  page: number;
  pageSize: number;
}

/** The page and page size in the address: whole numbers in range, the size one of PAGE_SIZES. */
export function readPaging(sp: URLSearchParams, defaultSize = 20): Paging {
  const num = (k: string, d: number, max: number) => {
    const n = Number(sp.get(k));
    return Number.isInteger(n) && n >= 1 && n <= max ? n : d;
  };
  const pageSize = num('pageSize', defaultSize, 200);
  return { page: num('page', 1, 100_000), pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : defaultSize };
}

/** The filters among `keys` that are set, as the address's params. */
export function filterParams<F extends object>(
  f: F,
  keys: readonly (keyof F & string)[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) {
    const v = f[k];
    if (v !== undefined && v !== null && v !== '') out[k] = String(v);
  }
  return out;
}

/**
 * A list's params live in the address bar, so going back returns to the same results: `read` and
 * `write` handle the filters, the page and page size are handled here (left out while they are the
 * defaults). `update` changes filters and goes back to the first page.
 */
export function useListParams<F extends object>(
  read: (sp: URLSearchParams) => F,
  write: (f: F) => Record<string, string>,
  defaultSize = 20,
) {
  const [sp, setSp] = useSearchParams();
  const params: F & Paging = { ...readPaging(sp, defaultSize), ...read(sp) };
  const replace = (p: F & Paging) => {
    const out: Record<string, string> = {};
    if (p.page !== 1) out.page = String(p.page);
    if (p.pageSize !== defaultSize) out.pageSize = String(p.pageSize);
    setSp({ ...out, ...write(p) }, { replace: true });
  };
  return {
    params,
    sp,
    setSp,
    update: (patch: Partial<F>) => replace({ ...params, page: 1, ...patch }),
    goTo: (page: number, pageSize: number) => replace({ ...params, page, pageSize }),
    clear: () => setSp({}, { replace: true }),
  };
}

/** Whether the filters show: always on a desktop, on a phone while its toggle is open. */
const FiltersShown = createContext(true);

/**
 * A list page's card: the title sized for the phone or desktop, the phone's filter toggle (when
 * `filters` is given) before the `actions`, and a body that lays its children out one under another.
 */
export function ListCard({
  title,
  filters,
  actions,
  children,
}: {
  title: string;
  filters?: Omit<FilterToggleProps, 'open' | 'onToggle'>;
  actions?: ReactNode;
  children: ReactNode;
}) {
  const isMobile = useIsMobile();
  const [open, setOpen] = useState(false);
  return (
    <Card
      title={<span style={{ fontSize: isMobile ? 18 : 20 }}>{title}</span>}
      extra={
        <div style={{ display: 'flex', gap: 8 }}>
          {isMobile && filters && <FilterToggle {...filters} open={open} onToggle={() => setOpen(!open)} />}
          {actions}
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
      <FiltersShown value={!isMobile || open}>{children}</FiltersShown>
    </Card>
  );
}

/** The card header's main button (create, issue…); `compact` shows only its icon on a phone. */
export function PrimaryAction({
  icon,
  label,
  onClick,
  testId,
  compact,
}: {
  icon: ReactNode;
  label: string;
  onClick: () => void;
  testId: string;
  compact?: boolean;
}) {
  const isMobile = useIsMobile();
  return (
    <Button
      type="primary"
      size={isMobile ? 'large' : 'middle'}
      icon={icon}
      onClick={onClick}
      data-testid={testId}
      aria-label={compact ? label : undefined}
    >
      {compact && isMobile ? null : label}
    </Button>
  );
}

/** The filters, side by side and wrapping; hidden on a phone until the card's toggle opens them. */
export function FilterBar({ testId, children }: { testId: string; children: ReactNode }) {
  const shown = useContext(FiltersShown);
  if (!shown) return null;
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'flex-end' }} data-testid={testId}>
      {children}
    </div>
  );
}

/** One filter with its label above it: `width` wide on a desktop, the full width on a phone. */
export function FilterField({
  label,
  width,
  children,
}: {
  label: string;
  width?: number;
  children: ReactNode;
}) {
  const { token } = theme.useToken();
  const isMobile = useIsMobile();
  return (
    <div style={{ display: 'grid', gap: 4, width: isMobile ? '100%' : width, minWidth: 0 }}>
      <span style={{ fontSize: 13, color: token.colorTextSecondary }}>{label}</span>
      {children}
    </div>
  );
}

/**
 * The area filter: a unit of one of `types` (highest first; the tree opens no deeper than the last),
 * with the name of the unit picked (`valueLabel`) until its branch of the tree has loaded.
 */
export function AreaFilter({
  label,
  width,
  types,
  placeholder,
  value,
  valueLabel,
  onChange,
}: {
  label: string;
  width: number;
  types: readonly UnitType[];
  placeholder: string;
  value: string | undefined;
  valueLabel: string | undefined;
  onChange: (unit: string | undefined) => void;
}) {
  return (
    <FilterField label={label} width={width}>
      <UnitTreeSelect
        value={value}
        valueLabel={valueLabel}
        onChange={onChange}
        selectableTypes={types}
        deepestType={types.at(-1)}
        placeholder={placeholder}
      />
    </FilterField>
  );
}

/** A filter that picks one of `values` from a list that can be cleared (nothing picked: all of them). */
export function SelectFilter<V extends string>({
  values,
  optionLabel,
  value,
  placeholder,
  onChange,
  testId,
}: {
  values: readonly V[];
  optionLabel: (v: V) => string;
  value: V | undefined;
  placeholder: string;
  onChange: (v: V | undefined) => void;
  testId?: string;
}) {
  const isMobile = useIsMobile();
  return (
    <Select<V>
      allowClear
      size={isMobile ? 'large' : 'middle'}
      value={value}
      placeholder={placeholder}
      options={values.map((v) => ({ value: v, label: optionLabel(v) }))}
      onChange={onChange}
      style={{ width: '100%' }}
      data-testid={testId}
    />
  );
}

/** A filter that picks one of `values` or "all" (`undefined`) on a segmented bar, the full width on a phone. */
export function SegmentedFilter<V extends string>({
  values,
  optionLabel,
  allLabel,
  value,
  onChange,
  testId,
}: {
  values: readonly V[];
  optionLabel: (v: V) => string;
  allLabel: string;
  value: V | undefined;
  onChange: (v: V | undefined) => void;
  testId?: string;
}) {
  const isMobile = useIsMobile();
  return (
    <Segmented
      size={isMobile ? 'large' : 'middle'}
      value={value ?? 'all'}
      onChange={(v) => onChange(v === 'all' ? undefined : (v as V))}
      options={[
        { value: 'all', label: allLabel },
        ...values.map((v) => ({ value: v, label: optionLabel(v) })),
      ]}
      block={isMobile}
      data-testid={testId}
    />
  );
}

/** An on/off filter with its label beside it. */
export function FilterSwitch({
  id,
  label,
  checked,
  onChange,
  testId,
}: {
  id: string;
  label: string;
  checked: boolean;
  onChange: (on: boolean) => void;
  testId?: string;
}) {
  const isMobile = useIsMobile();
  return (
    <div style={{ display: 'inline-flex', alignItems: 'center', gap: 8, minHeight: isMobile ? 40 : 32 }}>
      <Switch id={id} checked={checked} onChange={onChange} data-testid={testId} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}

/** The filter bar's last button, that clears every filter. */
export function ClearFilters({ onClick, children }: { onClick: () => void; children: ReactNode }) {
  const isMobile = useIsMobile();
  return (
    <Button size={isMobile ? 'large' : 'middle'} onClick={onClick} block={isMobile}>
      {children}
    </Button>
  );
}

/**
 * A search box whose text is the caller's while typing: Enter searches for the trimmed text (nothing
 * when blank), emptying the box clears the search at once.
 */
export function SearchBox({
  value,
  onChange,
  onSearch,
  ...props
}: Omit<GetProps<typeof Input.Search>, 'value' | 'onChange' | 'onSearch'> & {
  value: string;
  onChange: (text: string) => void;
  onSearch: (q: string | undefined) => void;
}) {
  return (
    <Input.Search
      allowClear
      maxLength={50}
      value={value}
      onChange={(e) => {
        onChange(e.target.value);
        if (!e.target.value) onSearch(undefined);
      }}
      onSearch={(v) => onSearch(v.trim() || undefined)}
      {...props}
    />
  );
}

/** A filter that came with the address (one person, one household…), shown as a tag that removes it. */
export function FilterChip({
  onClear,
  clearLabel,
  testId,
  children,
}: {
  onClear: () => void;
  /** The name of the tag's close button. */
  clearLabel?: string;
  testId: string;
  children: ReactNode;
}) {
  return (
    <div>
      <Tag
        closable
        {...(clearLabel ? { closeIcon: <CloseOutlined aria-label={clearLabel} /> } : {})}
        onClose={(e) => {
          e.preventDefault();
          onClear();
        }}
        color="blue"
        style={{ fontSize: 14, padding: '2px 8px' }}
        data-testid={testId}
      >
        {children}
      </Tag>
    </div>
  );
}

/** The empty list: what is (not) there, a hint below it, and what to do about it. */
export function EmptyList({
  text,
  hint,
  testId,
  children,
}: {
  text: string;
  hint?: ReactNode;
  testId?: string;
  children?: ReactNode;
}) {
  const description = (
    <>
      <div>{text}</div>
      {hint && <Typography.Text type="secondary">{hint}</Typography.Text>}
    </>
  );
  return (
    <EmptyState description={testId ? <span data-testid={testId}>{description}</span> : description}>
      {children}
    </EmptyState>
  );
}

/** How many the list holds, above the cards on a phone (the desktop's table says it under itself). */
export function ListCount({
  total,
  text,
  testId,
}: {
  total: number | undefined;
  text: (n: number) => string;
  testId?: string;
}) {
  const isMobile = useIsMobile();
  if (!isMobile || !total) return null;
  return (
    <Typography.Text type="secondary" data-testid={testId}>
      {text(total)}
    </Typography.Text>
  );
}

/** What a paged list's query gives (TanStack Query's result fits). */
interface PagedQuery<T> {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  isFetching: boolean;
  isPlaceholderData: boolean;
  data: { items: T[]; total: number } | undefined;
  refetch: () => unknown;
}

const CARD_LIST: CSSProperties = {
  listStyle: 'none',
  margin: 0,
  padding: 0,
  display: 'grid',
  gridTemplateColumns: 'minmax(0, 1fr)',
  gap: 8,
};

/**
 * A paged list's body: loading, a failed load, `empty` when the first page has nothing, then a table
 * on a desktop (with the page sizes and `count` under it) or `card`s with a simple pager on a phone.
 * `onPage` gets the page and size to show; a new size starts again at the first page.
 */
export function ListBody<T extends { id: string }>({
  query,
  paging: { page, pageSize },
  onPage,
  empty,
  count,
  card,
  table,
  testId,
  tableTestId = testId,
}: {
  query: PagedQuery<T>;
  paging: Paging;
  onPage: (page: number, pageSize: number) => void;
  empty: ReactNode;
  count: (n: number) => string;
  card: (item: T) => ReactNode;
  table: Omit<TableProps<T>, 'dataSource' | 'loading' | 'pagination' | 'rowKey'> & {
    pagination?: TablePaginationConfig;
  };
  testId: string;
  tableTestId?: string;
}) {
  const isMobile = useIsMobile();
  const { data } = query;
  let body: ReactNode;
  if (query.isPending) body = <Loading />;
  else if (query.isError) body = <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  else if (!data) body = <Loading />;
  else if (data.items.length === 0 && page === 1) body = empty;
  else if (isMobile)
    body = (
      <>
        <ul style={CARD_LIST} data-testid={testId}>
          {data.items.map((item) => (
            <Fragment key={item.id}>{card(item)}</Fragment>
          ))}
        </ul>
        {data.total > pageSize && (
          <Pagination
            simple
            current={page}
            pageSize={pageSize}
            total={data.total}
            onChange={(p) => onPage(p, pageSize)}
            style={{ marginTop: 12, display: 'flex', justifyContent: 'center' }}
          />
        )}
      </>
    );
  else
    body = (
      <Table<T>
        data-testid={tableTestId}
        rowKey="id"
        {...table}
        dataSource={data.items}
        loading={query.isFetching && query.isPlaceholderData}
        pagination={{
          current: page,
          pageSize,
          total: data.total,
          showSizeChanger: true,
          pageSizeOptions: PAGE_SIZES,
          showTotal: count,
          onChange: (p, size) => onPage(size === pageSize ? p : 1, size),
          ...table.pagination,
        }}
      />
    );
  return <div style={{ minWidth: 0 }}>{body}</div>;
}

/** A table's first column: the row's name, a link to its page (a click on it is not also the row's). */
export function nameColumn<T extends { name: string }>(
  title: string,
  width: number,
  to: (row: T) => string,
  testId: string,
): TableColumnType<T> {
  return {
    title,
    dataIndex: 'name',
    width,
    fixed: 'left',
    render: (name: string, row) => (
      <Link
        to={to(row)}
        onClick={(e) => e.stopPropagation()}
        style={{ fontWeight: 600 }}
        data-testid={testId}
      >
        {name}
      </Link>
    ),
  };
}

/** A table's last column: an arrow that says the row opens. */
export function openColumn<T>(width: number): TableColumnType<T> {
  return {
    title: '',
    key: 'open',
    width,
    align: 'center',
    render: () => <RightOutlined style={{ color: 'rgba(0,0,0,0.25)' }} />,
  };
}

/** The look of a phone's row card (a link or a button): bordered, its content then an arrow. */
export function rowCardStyle(token: ReturnType<typeof theme.useToken>['token']): CSSProperties {
  return {
    display: 'flex',
    gap: 8,
    alignItems: 'center',
    border: `1px solid ${token.colorBorderSecondary}`,
    borderRadius: token.borderRadiusLG,
    padding: 12,
    background: token.colorBgContainer,
    color: token.colorText,
  };
}

/** A phone's card that opens a row's page: what it shows, then an arrow. */
export function CardLink({ to, testId, children }: { to: string; testId: string; children: ReactNode }) {
  const { token } = theme.useToken();
  return (
    <Link to={to} data-testid={testId} style={rowCardStyle(token)}>
      {children}
      <RightOutlined style={{ color: token.colorTextQuaternary }} />
    </Link>
  );
}
