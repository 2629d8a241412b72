import { EditOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { Button, type TableColumnsType, Tag, Tooltip, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { CheckpointDto } from '../../../domain/checkpoints';
import { type ColumnT, formatNumber } from '../../components/format';
import { GateStatusTag, hoursText, KindTag, LaneTag, quotaText, statusMeaning } from './checkpoint-display';

/** Rows of the checkpoint list: table columns on a desktop, cards on a phone. */

/** In / out / fevers / turned back today, fevers and denials in colour only when there are some. */
function TodayCounts({ today }: { today: CheckpointDto['today'] }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const item = (label: string, n: number, color?: string) => (
    <span style={{ whiteSpace: 'nowrap' }}>
      <span style={{ color: token.colorTextSecondary }}>{label}</span>{' '}
      <strong style={{ color: n > 0 ? color : undefined, fontVariantNumeric: 'tabular-nums' }}>
        {formatNumber(n)}
      </strong>
    </span>
  );
  return (
    <span style={{ display: 'inline-flex', flexWrap: 'wrap', columnGap: 10, rowGap: 2 }} data-testid="today">
      {item(t('checkpoints.counts.in'), today.in)}
      {item(t('checkpoints.counts.out'), today.out)}
      {item(t('checkpoints.counts.fevers'), today.fevers, token.colorError)}
      {item(t('checkpoints.counts.denied'), today.denied, token.colorWarning)}
    </span>
  );
}

/** The outing quota binds only under closed management: shown dimmed otherwise. */
function QuotaCell({ checkpoint: c }: { checkpoint: CheckpointDto }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  if (!c.compound) return <span style={{ color: token.colorTextQuaternary }}>—</span>;
  const binding = c.compound.status === 'closed';
  return (
    <Tooltip title={binding ? undefined : t('checkpoints.rules.quotaIdle')}>
      <span style={{ color: binding ? undefined : token.colorTextTertiary }}>{quotaText(t, c.rules)}</span>
    </Tooltip>
  );
}

function StatusCell({ checkpoint: c }: { checkpoint: CheckpointDto }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  return (
    <div style={{ display: 'grid', gap: 4, justifyItems: 'start' }}>
      {c.compound && <GateStatusTag status={c.compound.status ?? 'open'} />}
      <span style={{ fontSize: 12, color: token.colorTextSecondary, lineHeight: 1.4 }}>
        {statusMeaning(t, c)}
      </span>
    </div>
  );
}

export function checkpointColumns(
  t: ColumnT,
  canManage: boolean,
  onEdit: (c: CheckpointDto) => void,
): TableColumnsType<CheckpointDto> {
  return [
    {
      title: t('checkpoints.field.name'),
      key: 'name',
      width: 210,
      fixed: 'left',
      render: (_: unknown, c) => (
        <div style={{ display: 'grid', gap: 4, justifyItems: 'start' }}>
          <strong data-testid="checkpoint-name">{c.name}</strong>
          <span style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)' }}>{c.unitName}</span>
          <span style={{ display: 'inline-flex', gap: 4, flexWrap: 'wrap' }}>
            <KindTag kind={c.kind} />
            {c.archived && <Tag style={{ marginInlineEnd: 0 }}>{t('checkpoints.list.archived')}</Tag>}
          </span>
        </div>
      ),
    },
    {
      title: t('checkpoints.field.status'),
      key: 'status',
      width: 250,
      render: (_: unknown, c) => <StatusCell checkpoint={c} />,
    },
    {
      title: t('checkpoints.field.lanes'),
      key: 'lanes',
      width: 170,
      render: (_: unknown, c) =>
        c.lanes.length ? (
          <span style={{ display: 'inline-flex', gap: 4, flexWrap: 'wrap' }}>
            {c.lanes.map((l) => (
              <LaneTag key={l.key} lane={l} />
            ))}
          </span>
        ) : (
          '—'
        ),
    },
    {
      title: t('checkpoints.field.hours'),
      key: 'hours',
      width: 110,
      render: (_: unknown, c) => hoursText(t as never, c.openingHours),
    },
    {
      title: t('checkpoints.field.quota'),
      key: 'quota',
      width: 120,
      render: (_: unknown, c) => <QuotaCell checkpoint={c} />,
    },
    {
      title: t('checkpoints.field.today'),
      key: 'today',
      width: 150,
      render: (_: unknown, c) => <TodayCounts today={c.today} />,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: canManage ? 110 : 100,
      fixed: 'right',
      render: (_: unknown, c) => (
        <span style={{ display: 'inline-grid', gap: 4, justifyItems: 'start' }}>
          {canManage && (
            <Button
              size="small"
              icon={<EditOutlined />}
              onClick={() => onEdit(c)}
              data-testid="checkpoint-edit"
            >
              {t('common.edit')}
            </Button>
          )}
          <Link to={`/checkpoints/passages?checkpoint=${c.id}`}>
            <Button size="small" type="link" icon={<UnorderedListOutlined />}>
              {t('checkpoints.list.log')}
            </Button>
          </Link>
        </span>
      ),
    },
  ];
}

export function CheckpointCard({
  checkpoint: c,
  canManage,
  onEdit,
}: {
  checkpoint: CheckpointDto;
  canManage: boolean;
  onEdit: () => void;
}) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const navigate = useNavigate();
  return (
    <li
      data-testid="checkpoint-row"
      style={{
        border: `1px solid ${token.colorBorderSecondary}`,
        borderRadius: token.borderRadiusLG,
        padding: 12,
        background: token.colorBgContainer,
        display: 'grid',
        gap: 8,
      }}
    >
      <div style={{ display: 'flex', alignItems: 'center', gap: 6, flexWrap: 'wrap' }}>
        <span style={{ fontSize: 16, fontWeight: 600 }} data-testid="checkpoint-name">
          {c.name}
        </span>
        <KindTag kind={c.kind} />
        {c.archived && <Tag style={{ marginInlineEnd: 0 }}>{t('checkpoints.list.archived')}</Tag>}
      </div>
      <div style={{ color: token.colorTextSecondary, fontSize: 13 }}>{c.unitName}</div>
      <StatusCell checkpoint={c} />
      {c.lanes.length > 0 && (
        <span style={{ display: 'inline-flex', gap: 4, flexWrap: 'wrap' }}>
          {c.lanes.map((l) => (
            <LaneTag key={l.key} lane={l} />
          ))}
        </span>
      )}
      <div style={{ fontSize: 13 }}>
        {t('checkpoints.field.hours')}
        {t('common.colon')}
        {hoursText(t, c.openingHours)}
        {c.compound && (
          <>
            {' · '}
            {quotaText(t, c.rules)}
          </>
        )}
      </div>
      <div style={{ fontSize: 13 }}>
        <span style={{ color: token.colorTextSecondary }}>
          {t('checkpoints.field.today')}
          {t('common.colon')}
        </span>
        <TodayCounts today={c.today} />
      </div>
      <div style={{ display: 'flex', gap: 8 }}>
        {canManage && (
          <Button
            size="large"
            icon={<EditOutlined />}
            onClick={onEdit}
            style={{ flex: 1 }}
            data-testid="checkpoint-edit"
          >
            {t('common.edit')}
          </Button>
        )}
        <Button
          size="large"
          icon={<UnorderedListOutlined />}
          style={{ flex: 1 }}
          onClick={() => navigate(`/checkpoints/passages?checkpoint=${c.id}`)}
        >
          {t('checkpoints.list.log')}
        </Button>
      </div>
    </li>
  );
}
