import { Card, Table, type TableColumnsType, Tag, Typography, theme } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { KEY_PERSON_CATEGORIES } from '../../../domain/isolation';
import { type CheckpointFigures, type DailyFigures, NEW_EVENT_FIGURES } from '../../../domain/reports';
import type { ColumnT } from '../../components/format';
import { useIsMobile } from '../../components/use-is-mobile';
import { FigureTile, formatCoverage, formatNumber } from './report-display';

type Group = keyof DailyFigures;

const isNewEvent = (group: Group, key: string) =>
  NEW_EVENT_FIGURES.some(([g, k]) => g === group && k === key);

/**
 * A day's figures in the groups a report is read by: census, gates, people under watch, isolation
 * changes, health checks, alerts. The new-event figures (those that make a report non-zero) carry a
 * "新增事项" tag, and a non-zero one is shown in red with its word, never by colour alone.
 */
export function ReportFigures({ figures }: { figures: DailyFigures }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const tile = (group: Group, key: string, label: string, value: number, display?: string) => {
    const event = isNewEvent(group, key);
    return (
      <FigureTile
        key={`${group}.${key}`}
        testId={`fig-${group}-${key}`}
        label={label}
        value={display ?? formatNumber(value)}
        tone={event && value > 0 ? 'danger' : undefined}
        badge={event ? <NewEventTag /> : undefined}
      />
    );
  };
  const grid = (children: ReactNode) => (
    <div
      style={{
        display: 'grid',
        gap: 8,
        gridTemplateColumns: `repeat(auto-fill, minmax(${isMobile ? 132 : 140}px, 1fr))`,
      }}
    >
      {children}
    </div>
  );
  const f = figures;
  const groups: { key: Group; body: ReactNode }[] = [
    {
      key: 'isolations',
      body: grid([
        tile('isolations', 'newKeyPersons', t('reports.fig.newKeyPersons'), f.isolations.newKeyPersons),
        tile('isolations', 'started', t('reports.fig.started'), f.isolations.started),
        tile('isolations', 'transferred', t('reports.fig.transferred'), f.isolations.transferred),
        tile('isolations', 'hospitalised', t('reports.fig.hospitalised'), f.isolations.hospitalised),
        tile('isolations', 'released', t('reports.fig.released'), f.isolations.released),
      ]),
    },
    {
      key: 'passages',
      body: f.passages.available ? (
        <div style={{ display: 'grid', gap: 8 }}>
          {grid([
            tile('passages', 'fevers', t('reports.fig.fevers'), f.passages.fevers),
            tile('passages', 'entriesIn', t('reports.fig.entriesIn'), f.passages.entriesIn),
            tile('passages', 'entriesOut', t('reports.fig.entriesOut'), f.passages.entriesOut),
            tile('passages', 'denied', t('reports.fig.denied'), f.passages.denied),
          ])}
          <CheckpointTable rows={f.passages.byCheckpoint} />
        </div>
      ) : (
        <Typography.Text type="secondary" data-testid="passages-unavailable">
          {t('reports.checkpointsUnavailable')}
        </Typography.Text>
      ),
    },
    {
      key: 'checks',
      body: grid([
        tile('checks', 'fevers', t('reports.fig.feverChecks'), f.checks.fevers),
        tile('checks', 'due', t('reports.fig.due'), f.checks.due),
        tile('checks', 'done', t('reports.fig.done'), f.checks.done),
        tile('checks', 'overdue', t('reports.fig.overdue'), f.checks.overdue),
        tile('checks', 'pending', t('reports.fig.pending'), f.checks.pending),
      ]),
    },
    {
      key: 'alerts',
      body: grid([
        tile('alerts', 'raised', t('reports.fig.raised'), f.alerts.raised),
        tile('alerts', 'handled', t('reports.fig.handled'), f.alerts.handled),
        tile('alerts', 'open', t('reports.fig.open'), f.alerts.open),
      ]),
    },
    {
      key: 'watch',
      body: (
        <div style={{ display: 'grid', gap: 8 }}>
          {grid([
            tile('watch', 'total', t('reports.fig.watchTotal'), f.watch.total),
            tile('watch', 'home', t('reports.fig.home'), f.watch.home),
            tile('watch', 'site', t('reports.fig.site'), f.watch.site),
          ])}
          <CategoryLine byCategory={f.watch.byCategory} />
        </div>
      ),
    },
    {
      key: 'registry',
      body: grid([
        tile('registry', 'households', t('reports.fig.households'), f.registry.households),
        tile('registry', 'persons', t('reports.fig.persons'), f.registry.persons),
        tile('registry', 'newHouseholds', t('reports.fig.newHouseholds'), f.registry.newHouseholds),
        tile('registry', 'newPersons', t('reports.fig.newPersons'), f.registry.newPersons),
        tile('registry', 'rooms', t('reports.fig.rooms'), f.registry.rooms),
        tile(
          'registry',
          'coverage',
          t('reports.fig.coverage'),
          f.registry.coverage,
          formatCoverage(f.registry.coverage),
        ),
      ]),
    },
  ];
  return (
    <div
      style={{
        display: 'grid',
        gap: isMobile ? 12 : 16,
        gridTemplateColumns: isMobile ? 'minmax(0, 1fr)' : 'repeat(auto-fill, minmax(min(100%, 520px), 1fr))',
        alignItems: 'start',
      }}
      data-testid="report-figures"
    >
      {groups.map((g) => (
        <Card
          key={g.key}
          size="small"
          title={t(`reports.group.${g.key}`)}
          data-testid={`figures-${g.key}`}
          styles={{ body: { padding: isMobile ? 10 : 12 } }}
        >
          {g.body}
        </Card>
      ))}
    </div>
  );
}

export function NewEventTag() {
  const { t } = useTranslation();
  return (
    <Tag color="blue" variant="filled" style={{ marginInlineEnd: 0, fontSize: 11, lineHeight: '16px' }}>
      {t('reports.newEvent')}
    </Tag>
  );
}

function CategoryLine({ byCategory }: { byCategory: DailyFigures['watch']['byCategory'] }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const shown = KEY_PERSON_CATEGORIES.filter((c) => byCategory[c] > 0);
  if (shown.length === 0) return null;
  return (
    <div style={{ fontSize: 13, color: token.colorTextSecondary }} data-testid="watch-by-category">
      {t('reports.byCategory')}
      {t('common.colon')}
      {shown.map((c) => `${t(`isolation.categoryShort.${c}`)} ${formatNumber(byCategory[c])}`).join(' · ')}
    </div>
  );
}

function checkpointColumns(t: ColumnT): TableColumnsType<CheckpointFigures> {
  const num = (key: keyof CheckpointFigures, title: string) => ({
    title,
    key,
    align: 'right' as const,
    width: 72,
    render: (_: unknown, r: CheckpointFigures) => formatNumber(r[key] as number),
  });
  return [
    { title: t('reports.checkpoint'), dataIndex: 'name', key: 'name', ellipsis: true },
    num('entriesIn', t('reports.fig.entriesIn')),
    num('entriesOut', t('reports.fig.entriesOut')),
    num('fevers', t('reports.fig.fevers')),
    num('denied', t('reports.fig.denied')),
  ];
}

function CheckpointTable({ rows }: { rows: CheckpointFigures[] }) {
  const { t } = useTranslation();
  if (rows.length === 0)
    return <Typography.Text type="secondary">{t('reports.noCheckpoints')}</Typography.Text>;
  return (
    <Table<CheckpointFigures>
      size="small"
      rowKey="checkpointId"
      columns={checkpointColumns(t as ColumnT)}
      dataSource={rows}
      pagination={rows.length > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false}
      scroll={{ x: 'max-content' }}
      data-testid="checkpoint-figures"
    />
  );
}
