import { RightOutlined } from '@ant-design/icons';
import { Table, type TableColumnsType, Tag, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  countersOf,
  type DashboardCounters,
  type RollupCommunityDto,
  type RollupDto,
} from '../../../domain/reports';
import type { ColumnT } from '../../components/format';
import {
  formatCoverage,
  formatNumber,
  ReportStatusTag,
  ROLLUP_COLUMNS,
  useInstantFormat,
} from './report-display';

/** The roll-up's communities: a table with a total row on a desktop, cards on a phone. */

const reportLink = (c: RollupCommunityDto, date: string) => `/reports?unit=${c.unit.id}&date=${date}`;

type Row = RollupCommunityDto | { total: true; counters: DashboardCounters; coverage: number };
const isTotal = (r: Row): r is Extract<Row, { total: true }> => 'total' in r;

function tableColumns(t: ColumnT, date: string, submittedAt: (iso: string) => string): TableColumnsType<Row> {
  const counters = (r: Row) => (isTotal(r) ? r.counters : countersOf(r.figures));
  return [
    {
      title: t('reports.rollup.col.community'),
      key: 'community',
      fixed: 'left',
      width: 150,
      render: (_, r) =>
        isTotal(r) ? (
          <strong>{t('reports.rollup.total')}</strong>
        ) : (
          <Link to={reportLink(r, date)} style={{ fontWeight: 600 }}>
            {r.unit.name}
          </Link>
        ),
    },
    {
      title: t('reports.rollup.col.status'),
      key: 'status',
      width: 150,
      render: (_, r) =>
        isTotal(r) ? null : (
          <span style={{ display: 'inline-flex', gap: 4, flexWrap: 'wrap' }}>
            <ReportStatusTag status={r.status} />
            {r.version !== null && r.zeroReport && (
              <Tag color="cyan" style={{ marginInlineEnd: 0 }}>
                {t('reports.daily.zero')}
              </Tag>
            )}
          </span>
        ),
    },
    {
      title: t('reports.rollup.col.submittedAt'),
      key: 'submittedAt',
      width: 150,
      render: (_, r) =>
        isTotal(r) || !r.submittedAt ? null : (
          <span style={{ fontSize: 13 }}>
            {submittedAt(r.submittedAt)}
            {r.version !== null && r.version > 1 && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {' '}
                {t('reports.daily.versionN', { n: r.version })}
              </Typography.Text>
            )}
            <br />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.submittedBy}
            </Typography.Text>
          </span>
        ),
    },
    ...ROLLUP_COLUMNS.map((key) => ({
      title: t(`reports.rollup.col.${key}`),
      key,
      width: 88,
      align: 'right' as const,
      render: (_: unknown, r: Row) => {
        const v = counters(r)[key];
        const compiled = !isTotal(r) && r.figuresFrom === 'compiled';
        return (
          <span
            style={{ fontVariantNumeric: 'tabular-nums', fontWeight: isTotal(r) ? 600 : undefined }}
            title={compiled ? t('reports.rollup.figuresCompiled') : undefined}
          >
            {formatNumber(v)}
            {compiled && '*'}
          </span>
        );
      },
    })),
    {
      title: t('reports.rollup.col.coverage'),
      key: 'coverage',
      width: 100,
      align: 'right',
      render: (_, r) => formatCoverage(isTotal(r) ? r.coverage : r.figures.registry.coverage),
    },
  ];
}

export function CommunityTable({ data }: { data: RollupDto }) {
  const { t } = useTranslation();
  const at = useInstantFormat();
  const rows: Row[] = [
    ...data.communities,
    { total: true, counters: countersOf(data.total), coverage: data.total.registry.coverage },
  ];
  const anyCompiled = data.communities.some((c) => c.figuresFrom === 'compiled');
  return (
    <>
      <Table<Row>
        size="middle"
        rowKey={(r) => (isTotal(r) ? 'total' : r.unit.id)}
        columns={tableColumns(t as ColumnT, data.date, (iso) => at(iso, data.date))}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        onRow={(r) =>
          isTotal(r)
            ? ({ 'data-testid': 'rollup-total-row' } as never)
            : ({ 'data-testid': 'rollup-row', 'data-unit': r.unit.id, 'data-status': r.status } as never)
        }
      />
      {anyCompiled && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 16px 12px' }}>
          * {t('reports.rollup.figuresCompiled')}
        </Typography.Paragraph>
      )}
    </>
  );
}

export function CommunityCards({ data }: { data: RollupDto }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const at = useInstantFormat();
  return (
    <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 8 }}>
      {data.communities.map((c) => {
        const k = countersOf(c.figures);
        return (
          <li key={c.unit.id} data-testid="rollup-row" data-unit={c.unit.id} data-status={c.status}>
            <Link
              to={reportLink(c, data.date)}
              style={{
                display: 'grid',
                gap: 4,
                padding: 12,
                border: `1px solid ${token.colorBorderSecondary}`,
                borderRadius: token.borderRadiusLG,
                color: token.colorText,
              }}
            >
              <span style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
                <span style={{ flex: 1, fontWeight: 600, fontSize: 16 }}>{c.unit.name}</span>
                {c.version !== null && c.zeroReport && (
                  <Tag color="cyan" style={{ marginInlineEnd: 0 }}>
                    {t('reports.daily.zero')}
                  </Tag>
                )}
                <ReportStatusTag status={c.status} />
                <RightOutlined style={{ color: token.colorTextQuaternary }} />
              </span>
              {c.submittedAt && (
                <span style={{ fontSize: 13, color: token.colorTextSecondary }}>
                  {c.submittedBy} · {at(c.submittedAt, data.date)}
                  {c.version !== null &&
                    c.version > 1 &&
                    ` · ${t('reports.daily.versionN', { n: c.version })}`}
                </span>
              )}
              <span
                style={{
                  fontSize: 13,
                  color: token.colorTextSecondary,
                  display: 'flex',
                  flexWrap: 'wrap',
                  gap: '0 12px',
                }}
              >
                {ROLLUP_COLUMNS.slice(0, 5).map((key) => (
                  <span key={key} style={{ whiteSpace: 'nowrap' }}>
                    {t(`reports.rollup.col.${key}`)} {formatNumber(k[key])}
                    {c.figuresFrom === 'compiled' && '*'}
                  </span>
                ))}
              </span>
            </Link>
          </li>
        );
      })}
      {data.communities.some((c) => c.figuresFrom === 'compiled') && (
        <li style={{ fontSize: 12, color: token.colorTextSecondary }}>
          * {t('reports.rollup.figuresCompiled')}
        </li>
      )}
    </ul>
  );
}
