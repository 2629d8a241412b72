import { WarningOutlined } from '@ant-design/icons';
import { type TableColumnsType, Tag, Tooltip, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { PassageDto } from '../../../domain/checkpoints';
import { type ColumnT, formatDateTime } from '../../components/format';
import { DirectionTag, Temperature, VerdictTag } from './checkpoint-display';

/** Rows of the passage log: table columns on a desktop, cards on a phone. */

export type LaneName = (p: PassageDto) => string | null;

const SUBJECT_COLORS = { pass: 'blue', person: 'cyan', visitor: 'purple', courier: 'gold' } as const;

function SubjectTag({ type }: { type: PassageDto['subjectType'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={SUBJECT_COLORS[type]} style={{ marginInlineEnd: 0 }}>
      {t(`checkpoints.subject.${type}`)}
    </Tag>
  );
}

/** The device decided differently from the server (an old sync): both are kept, the server's shown here. */
function MismatchMark({ passage: p }: { passage: PassageDto }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  if (!p.mismatch) return null;
  const server =
    p.serverVerdict.decision === 'allow'
      ? t('checkpoints.decision.allow')
      : `${t('checkpoints.decision.deny')} ${p.serverVerdict.reasons.map((r) => t(`checkpoints.reason.${r}`)).join(t('checkpoints.listSeparator'))}`;
  return (
    <Tooltip title={t('checkpoints.passages.mismatch', { server })}>
      <WarningOutlined
        style={{ color: token.colorWarning }}
        aria-label={t('checkpoints.passages.mismatchShort')}
      />
    </Tooltip>
  );
}

function Who({ passage: p }: { passage: PassageDto }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const name =
    p.name ??
    (p.subjectType === 'pass' ? t('checkpoints.passages.passHolder') : t('checkpoints.passages.unknown'));
  return (
    <div style={{ display: 'grid', gap: 2 }}>
      <span style={{ display: 'inline-flex', gap: 6, alignItems: 'center', flexWrap: 'wrap' }}>
        {p.personId ? (
          <Link to={`/registry/persons/${p.personId}`} style={{ fontWeight: 600 }}>
            {name}
          </Link>
        ) : (
          <strong>{name}</strong>
        )}
        <SubjectTag type={p.subjectType} />
      </span>
      {p.visitor ? (
        <span style={{ fontSize: 12, color: token.colorTextSecondary }}>
          {[p.visitor.company, p.visitor.phone, p.visitor.purpose].filter(Boolean).join(' · ')}
          {p.visitor.hostAddress && ` → ${p.visitor.hostAddress}`}
        </span>
      ) : (
        p.address && <span style={{ fontSize: 12, color: token.colorTextSecondary }}>{p.address}</span>
      )}
    </div>
  );
}

export function passageColumns(t: ColumnT, laneName: LaneName): TableColumnsType<PassageDto> {
  return [
    {
      title: t('checkpoints.passages.at'),
      dataIndex: 'at',
      width: 160,
      fixed: 'left',
      render: (v: string) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatDateTime(v)}</span>,
    },
    {
      title: t('checkpoints.passages.checkpoint'),
      key: 'checkpoint',
      width: 140,
      ellipsis: true,
      render: (_: unknown, p) => (
        <span>
          {p.checkpointName}
          {p.lane && <span style={{ color: 'rgba(0,0,0,0.45)' }}> · {laneName(p)}</span>}
        </span>
      ),
    },
    {
      title: t('checkpoints.passages.direction'),
      key: 'direction',
      width: 64,
      render: (_: unknown, p) => <DirectionTag direction={p.direction} />,
    },
    {
      title: t('checkpoints.passages.who'),
      key: 'who',
      width: 260,
      render: (_: unknown, p) => <Who passage={p} />,
    },
    {
      title: t('checkpoints.passages.temperature'),
      key: 'temperature',
      width: 70,
      align: 'right',
      render: (_: unknown, p) => <Temperature value={p.temperature} fever={p.fever} />,
    },
    {
      title: t('checkpoints.passages.plate'),
      key: 'plate',
      width: 120,
      render: (_: unknown, p) =>
        p.plate ? (
          <span>
            {p.plate}
            {p.occupants ? ` · ${t('checkpoints.passages.occupants', { count: p.occupants })}` : ''}
          </span>
        ) : (
          '—'
        ),
    },
    {
      title: t('checkpoints.passages.verdict'),
      key: 'verdict',
      width: 220,
      render: (_: unknown, p) => (
        <span style={{ display: 'inline-flex', gap: 6, alignItems: 'center' }}>
          <VerdictTag decision={p.decision} reasons={p.reasons} />
          <MismatchMark passage={p} />
        </span>
      ),
    },
    {
      title: t('checkpoints.passages.guard'),
      dataIndex: 'guard',
      width: 90,
      ellipsis: true,
      render: (v: string | null) => v ?? '—',
    },
  ];
}

export function PassageCard({ passage: p, laneName }: { passage: PassageDto; laneName: LaneName }) {
  const { token } = theme.useToken();
  return (
    <li
      data-testid="passage-row"
      data-decision={p.decision}
      style={{
        border: `1px solid ${p.decision === 'deny' ? token.colorErrorBorder : token.colorBorderSecondary}`,
        borderRadius: token.borderRadiusLG,
        padding: 12,
        background: token.colorBgContainer,
        display: 'grid',
        gap: 6,
      }}
    >
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'center' }}>
        <span style={{ display: 'inline-flex', gap: 6, alignItems: 'center' }}>
          <DirectionTag direction={p.direction} />
          <span style={{ fontSize: 13, color: token.colorTextSecondary }}>{formatDateTime(p.at)}</span>
        </span>
        <Temperature value={p.temperature} fever={p.fever} />
      </div>
      <Who passage={p} />
      <div style={{ fontSize: 13, color: token.colorTextSecondary }}>
        {p.checkpointName}
        {p.lane && ` · ${laneName(p)}`}
        {p.plate && ` · ${p.plate}`}
        {p.guard && ` · ${p.guard}`}
      </div>
      <span style={{ display: 'inline-flex', gap: 6, alignItems: 'center' }}>
        <VerdictTag decision={p.decision} reasons={p.reasons} />
        <MismatchMark passage={p} />
      </span>
    </li>
  );
}
