import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Select, Tooltip, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import {
  DECISIONS,
  type Decision,
  DIRECTIONS,
  type Direction,
  type PassageDto,
} from '../../../domain/checkpoints';
import type { ColumnT } from '../../components/format';
import {
  ClearFilters,
  FilterBar,
  FilterChip,
  FilterField,
  FilterSwitch,
  filterParams,
  ListBody,
  ListCard,
  ListCount,
  SegmentedFilter,
  useListParams,
} from '../../components/list-page';

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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** The longest range the counts cover in one request (the server's limit). */
const MAX_COUNT_DAYS = 92;

type Filters = {
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

/** The filters in the address; the page and its size are useListParams's. */
function readFilters(sp: URLSearchParams): Filters {
  const uuid = (k: string) => {
    const v = sp.get(k);
    return v && UUID.test(v) ? v : undefined;
  };
  const direction = sp.get('direction');
  const decision = sp.get('decision');
  let fromDay = sp.get('from') ?? '';
  let toDay = sp.get('to') ?? '';
  if (!DAY.test(fromDay)) fromDay = weekAgo();
  if (!DAY.test(toDay)) toDay = today();
  if (fromDay > toDay) [fromDay, toDay] = [toDay, fromDay];
  return {
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
  const out = filterParams(f, ['checkpoint', 'person', 'direction', 'decision', 'fever']);
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
  const isMobile = useIsMobile();
  const { params: f, update, goTo, clear } = useListParams(readFilters, writeFilters);
  const query = toQuery(f);
  const list = usePassages({ ...query, page: f.page, pageSize: f.pageSize });
  const options = useCheckpointOptions();
  const canReadPersons = hasPermission(me, 'persons.read');
  const person = usePerson(canReadPersons ? f.person : undefined);

  const filterCount = [f.checkpoint, f.person, f.direction, f.decision, f.fever].filter(Boolean).length;
  const size = isMobile ? 'large' : 'middle';
  const count = (n: number) => t('checkpoints.passages.count', { count: String(n) });
  const checkpointName = options.data?.items.find((c) => c.id === f.checkpoint)?.name;
  const rangeDays = dayjs(f.toDay).diff(dayjs(f.fromDay), 'day') + 1;
  // Passages name a lane by its key; the checkpoint's lanes give its name.
  const lanes = new Map(
    (options.data?.items ?? []).map((c) => [c.id, new Map(c.lanes.map((l) => [l.key, l.name]))]),
  );
  const laneName: LaneName = (p) => (p.lane ? (lanes.get(p.checkpointId)?.get(p.lane) ?? p.lane) : null);

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
        <ListCard
          title={t('checkpoints.passages.title')}
          filters={{ count: filterCount, label: t('checkpoints.list.filters') }}
          actions={exportButton}
        >
          <FilterBar testId="passage-filters">
            <FilterField label={t('checkpoints.passages.checkpoint')} width={220}>
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
              />
            </FilterField>
            <FilterField label={t('checkpoints.passages.days')} width={260}>
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
              />
            </FilterField>
            <FilterField label={t('checkpoints.passages.direction')}>
              <SegmentedFilter
                values={DIRECTIONS}
                optionLabel={(d) => t(`checkpoints.direction.${d}`)}
                allLabel={t('checkpoints.passages.all')}
                value={f.direction}
                onChange={(direction) => update({ direction })}
              />
            </FilterField>
            <FilterField label={t('checkpoints.passages.verdict')}>
              <SegmentedFilter
                values={DECISIONS}
                optionLabel={(d) => t(`checkpoints.decision.${d}`)}
                allLabel={t('checkpoints.passages.all')}
                value={f.decision}
                onChange={(decision) => update({ decision })}
                testId="passage-decision"
              />
            </FilterField>
            <FilterSwitch
              id="passage-fever-only"
              label={t('checkpoints.passages.feverOnly')}
              checked={f.fever === '1'}
              onChange={(on) => update({ fever: on ? '1' : undefined })}
            />
            {filterCount > 0 && (
              <ClearFilters onClick={clear}>{t('checkpoints.list.clearFilters')}</ClearFilters>
            )}
          </FilterBar>
          {f.person && (
            <FilterChip
              onClear={() => update({ person: undefined })}
              clearLabel={t('checkpoints.passages.clearPerson')}
              testId="passage-person"
            >
              {t('checkpoints.passages.personFilter', {
                name: person.data?.name ?? t('checkpoints.passages.onePerson'),
              })}
            </FilterChip>
          )}
          <ListCount total={list.data?.total} text={count} />
          <ListBody<PassageDto>
            query={list}
            paging={f}
            onPage={goTo}
            testId="passage-list"
            count={count}
            empty={
              <EmptyState
                description={
                  <span data-testid="passages-empty">
                    {filterCount > 0
                      ? t('checkpoints.passages.emptyFilter')
                      : t('checkpoints.passages.empty')}
                  </span>
                }
              />
            }
            card={(p) => <PassageCard passage={p} laneName={laneName} />}
            table={{
              size: 'small',
              columns: passageColumns(t as ColumnT, laneName),
              scroll: { x: 1124 },
              onRow: (p) =>
                ({
                  'data-testid': 'passage-row',
                  'data-decision': p.decision,
                }) as React.HTMLAttributes<HTMLElement>,
            }}
          />
        </ListCard>
      </div>
    </>
  );
}
