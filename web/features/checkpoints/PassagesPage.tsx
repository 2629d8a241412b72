import { CloseOutlined, DownloadOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  DatePicker,
  Pagination,
  Segmented,
  Select,
  Switch,
  Table,
  Tag,
  Tooltip,
  Typography,
  theme,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import {
  DECISIONS,
  type Decision,
  DIRECTIONS,
  type Direction,
  type PassageDto,
} from '../../../domain/checkpoints';
import { FilterToggle } from '../../components/FilterToggle';
import type { ColumnT } from '../../components/format';
import { EmptyState, LoadError, Loading } from '../../components/states';
import { useIsMobile } from '../../components/use-is-mobile';
import { hasPermission, useSession } from '../auth/auth.api';
import { usePerson } from '../registry/registry.api';
import { CheckpointsNav } from './CheckpointsNav';
import {
  type PassageListParams,
  passagesExportUrl,
  useCheckpointOptions,
  usePassages,
} from './checkpoints.api';
import { CheckpointCounts, TodayByCheckpoint } from './PassageCounts';
import { type LaneName, PassageCard, passageColumns } from './PassageRows';

const PAGE_SIZES = [20, 50, 100, 200];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** The longest range the counts cover in one request (the server's limit). */
const MAX_COUNT_DAYS = 92;

type Filters = {
  page: number;
  pageSize: number;
  checkpoint?: string;
  person?: string;
  direction?: Direction;
  decision?: Decision;
  fever?: '1';
  /** Local days, inclusive. */
  fromDay: string;
  toDay: string;
};

const today = () => dayjs().format('YYYY-MM-DD');
const weekAgo = () => dayjs().subtract(6, 'day').format('YYYY-MM-DD');

function readFilters(sp: URLSearchParams): Filters {
  const num = (k: string, d: number, max: number) => {
    const n = Number(sp.get(k));
    return Number.isInteger(n) && n >= 1 && n <= max ? n : d;
  };
  const uuid = (k: string) => {
    const v = sp.get(k);
    return v && UUID.test(v) ? v : undefined;
  };
  const direction = sp.get('direction');
  const decision = sp.get('decision');
  const pageSize = num('pageSize', 20, 200);
  let fromDay = sp.get('from') ?? '';
  let toDay = sp.get('to') ?? '';
  if (!DAY.test(fromDay)) fromDay = weekAgo();
  if (!DAY.test(toDay)) toDay = today();
  if (fromDay > toDay) [fromDay, toDay] = [toDay, fromDay];
  return {
    page: num('page', 1, 100_000),
    pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : 20,
    checkpoint: uuid('checkpoint'),
    person: uuid('person'),
    direction: DIRECTIONS.includes(direction as Direction) ? (direction as Direction) : undefined,
    decision: DECISIONS.includes(decision as Decision) ? (decision as Decision) : undefined,
    fever: sp.get('fever') === '1' ? '1' : undefined,
    fromDay,
    toDay,
  };
}

function writeFilters(f: Filters): Record<string, string> {
  const out: Record<string, string> = {};
  if (f.page !== 1) out.page = String(f.page);
  if (f.pageSize !== 20) out.pageSize = String(f.pageSize);
  for (const k of ['checkpoint', 'person', 'direction', 'decision', 'fever'] as const) {
    const v = f[k];
    if (v) out[k] = v;
  }
  if (f.fromDay !== weekAgo()) out.from = f.fromDay;
  if (f.toDay !== today()) out.to = f.toDay;
  return out;
}

/** Local days to the instants the API filters by: the start of the first day to the start of the day after the last. */
function toQuery(f: Filters): Omit<PassageListParams, 'page' | 'pageSize'> {
  return {
    checkpoint: f.checkpoint,
    person: f.person,
    direction: f.direction,
    decision: f.decision,
    fever: f.fever,
    from: dayjs(f.fromDay).startOf('day').toISOString(),
    to: dayjs(f.toDay).add(1, 'day').startOf('day').toISOString(),
  };
}

/**
 * 通行记录: every entry logged at the gates of the account's area, filtered by checkpoint, person,
 * direction, verdict, fever and days; masked by the server; exported as a masked sheet. Beside it, the
 * counts per day and hour of the chosen checkpoint (or today's at every checkpoint).
 */
export function PassagesPage() {
  const me = useSession();
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const isMobile = useIsMobile();
  const [sp, setSp] = useSearchParams();
  const f = readFilters(sp);
  const query = toQuery(f);
  const list = usePassages({ ...query, page: f.page, pageSize: f.pageSize });
  const options = useCheckpointOptions();
  const canReadPersons = hasPermission(me, 'persons.read');
  const person = usePerson(canReadPersons ? f.person : undefined);
  const [filtersOpen, setFiltersOpen] = useState(false);

  const update = (patch: Partial<Filters>) =>
    setSp(writeFilters({ ...f, page: 1, ...patch }), { replace: true });
  const filterCount = [f.checkpoint, f.person, f.direction, f.decision, f.fever].filter(Boolean).length;
  const size = isMobile ? 'large' : 'middle';
  const checkpointName = options.data?.items.find((c) => c.id === f.checkpoint)?.name;
  const rangeDays = dayjs(f.toDay).diff(dayjs(f.fromDay), 'day') + 1;
  // Passages name a lane by its key; the checkpoint's lanes give its name.
  const lanes = new Map(
    (options.data?.items ?? []).map((c) => [c.id, new Map(c.lanes.map((l) => [l.key, l.name]))]),
  );
  const laneName: LaneName = (p) => (p.lane ? (lanes.get(p.checkpointId)?.get(p.lane) ?? p.lane) : null);

  const label = (text: string, node: ReactNode, width?: number) => (
    <div style={{ display: 'grid', gap: 4, width: isMobile ? '100%' : width, minWidth: 0 }}>
      <span style={{ fontSize: 13, color: token.colorTextSecondary }}>{text}</span>
      {node}
    </div>
  );

  const filters = (
    <div
      style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'flex-end' }}
      data-testid="passage-filters"
    >
      {label(
        t('checkpoints.passages.checkpoint'),
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          size={size}
          value={f.checkpoint}
          placeholder={t('checkpoints.passages.allCheckpoints')}
          loading={options.isPending}
          options={(options.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
          onChange={(checkpoint?: string) => update({ checkpoint })}
          style={{ width: '100%' }}
          notFoundContent={options.isError ? t('error.loadFailed') : t('common.empty')}
          data-testid="passage-checkpoint"
        />,
        220,
      )}
      {label(
        t('checkpoints.passages.days'),
        <DatePicker.RangePicker
          size={size}
          allowClear={false}
          inputReadOnly={isMobile}
          value={[dayjs(f.fromDay), dayjs(f.toDay)]}
          disabledDate={(d) => d.isAfter(dayjs(), 'day')}
          presets={[
            { label: t('checkpoints.passages.today'), value: [dayjs(), dayjs()] },
            { label: t('checkpoints.passages.last7'), value: [dayjs().subtract(6, 'day'), dayjs()] },
            { label: t('checkpoints.passages.last14'), value: [dayjs().subtract(13, 'day'), dayjs()] },
            { label: t('checkpoints.passages.last30'), value: [dayjs().subtract(29, 'day'), dayjs()] },
          ]}
          onChange={(v) => {
            const [a, b] = (v ?? []) as [Dayjs | null, Dayjs | null];
            if (a && b) update({ fromDay: a.format('YYYY-MM-DD'), toDay: b.format('YYYY-MM-DD') });
          }}
          style={{ width: '100%' }}
          data-testid="passage-days"
        />,
        260,
      )}
      {label(
        t('checkpoints.passages.direction'),
        <Segmented
          size={size}
          value={f.direction ?? 'all'}
          onChange={(v) => update({ direction: v === 'all' ? undefined : (v as Direction) })}
          options={[
            { value: 'all', label: t('checkpoints.passages.all') },
            ...DIRECTIONS.map((d) => ({ value: d, label: t(`checkpoints.direction.${d}`) })),
          ]}
          block={isMobile}
        />,
      )}
      {label(
        t('checkpoints.passages.verdict'),
        <Segmented
          size={size}
          value={f.decision ?? 'all'}
          onChange={(v) => update({ decision: v === 'all' ? undefined : (v as Decision) })}
          options={[
            { value: 'all', label: t('checkpoints.passages.all') },
            ...DECISIONS.map((d) => ({ value: d, label: t(`checkpoints.decision.${d}`) })),
          ]}
          block={isMobile}
          data-testid="passage-decision"
        />,
      )}
      <div style={{ display: 'inline-flex', alignItems: 'center', gap: 8, minHeight: isMobile ? 40 : 32 }}>
        <Switch
          id="passage-fever-only"
          checked={f.fever === '1'}
          onChange={(on) => update({ fever: on ? '1' : undefined })}
        />
        <label htmlFor="passage-fever-only">{t('checkpoints.passages.feverOnly')}</label>
      </div>
      {filterCount > 0 && (
        <Button size={size} onClick={() => setSp({}, { replace: true })} block={isMobile}>
          {t('checkpoints.list.clearFilters')}
        </Button>
      )}
    </div>
  );

  const personChip = f.person && (
    <div>
      <Tag
        closable
        closeIcon={<CloseOutlined aria-label={t('checkpoints.passages.clearPerson')} />}
        onClose={(e) => {
          e.preventDefault();
          update({ person: undefined });
        }}
        color="blue"
        style={{ fontSize: 14, padding: '2px 8px' }}
        data-testid="passage-person"
      >
        {t('checkpoints.passages.personFilter', {
          name: person.data?.name ?? t('checkpoints.passages.onePerson'),
        })}
      </Tag>
    </div>
  );

  let body: ReactNode;
  if (list.isPending) body = <Loading />;
  else if (list.isError) body = <LoadError error={list.error} onRetry={() => void list.refetch()} />;
  else if (list.data.items.length === 0 && f.page === 1)
    body = (
      <EmptyState
        description={
          <span data-testid="passages-empty">
            {filterCount > 0 ? t('checkpoints.passages.emptyFilter') : t('checkpoints.passages.empty')}
          </span>
        }
      />
    );
  else if (isMobile)
    body = (
      <>
        <ul
          style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 8 }}
          data-testid="passage-list"
        >
          {list.data.items.map((p) => (
            <PassageCard key={p.id} passage={p} laneName={laneName} />
          ))}
        </ul>
        {list.data.total > f.pageSize && (
          <Pagination
            simple
            current={f.page}
            pageSize={f.pageSize}
            total={list.data.total}
            onChange={(page) => setSp(writeFilters({ ...f, page }), { replace: true })}
            style={{ marginTop: 12, display: 'flex', justifyContent: 'center' }}
          />
        )}
      </>
    );
  else
    body = (
      <Table<PassageDto>
        data-testid="passage-list"
        rowKey="id"
        size="small"
        columns={passageColumns(t as ColumnT, laneName)}
        dataSource={list.data.items}
        loading={list.isFetching && list.isPlaceholderData}
        scroll={{ x: 1124 }}
        onRow={(p) =>
          ({ 'data-testid': 'passage-row', 'data-decision': p.decision }) as React.HTMLAttributes<HTMLElement>
        }
        pagination={{
          current: f.page,
          pageSize: f.pageSize,
          total: list.data.total,
          showSizeChanger: true,
          pageSizeOptions: PAGE_SIZES,
          showTotal: (n) => t('checkpoints.passages.count', { count: String(n) }),
          onChange: (page, pageSize) =>
            setSp(writeFilters({ ...f, page: pageSize === f.pageSize ? page : 1, pageSize }), {
              replace: true,
            }),
        }}
      />
    );

  const exportButton = (
    <Tooltip title={t('checkpoints.passages.exportHint')}>
      <Button
        size={size}
        icon={<DownloadOutlined />}
        href={passagesExportUrl(query)}
        disabled={!list.data || list.data.total === 0}
        data-testid="passage-export"
      >
        {isMobile ? null : t('checkpoints.passages.export')}
      </Button>
    </Tooltip>
  );

  return (
    <>
      <CheckpointsNav />
      <div style={{ display: 'grid', gap: isMobile ? 12 : 16, gridTemplateColumns: 'minmax(0, 1fr)' }}>
        <Card
          title={
            f.checkpoint
              ? t('checkpoints.counts.titleOf', { name: checkpointName ?? '' })
              : t('checkpoints.counts.titleToday')
          }
          styles={{ body: { padding: isMobile ? 12 : 24 } }}
          data-testid="counts-card"
        >
          {f.checkpoint ? (
            rangeDays > MAX_COUNT_DAYS ? (
              <Typography.Text type="secondary">
                {t('checkpoints.counts.tooLong', { max: String(MAX_COUNT_DAYS) })}
              </Typography.Text>
            ) : (
              <CheckpointCounts checkpointId={f.checkpoint} from={f.fromDay} to={f.toDay} />
            )
          ) : options.isError ? (
            <LoadError compact error={options.error} onRetry={() => void options.refetch()} />
          ) : !options.data ? (
            <Loading minHeight={120} />
          ) : (
            <TodayByCheckpoint
              checkpoints={options.data.items}
              onPick={(checkpoint) => update({ checkpoint })}
            />
          )}
        </Card>
        <Card
          title={<span style={{ fontSize: isMobile ? 18 : 20 }}>{t('checkpoints.passages.title')}</span>}
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
              {exportButton}
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
          {personChip}
          {isMobile && list.data && list.data.total > 0 && (
            <Typography.Text type="secondary">
              {t('checkpoints.passages.count', { count: String(list.data.total) })}
            </Typography.Text>
          )}
          <div style={{ minWidth: 0 }}>{body}</div>
        </Card>
      </div>
    </>
  );
}
