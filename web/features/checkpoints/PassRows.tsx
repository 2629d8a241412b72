import { RightOutlined } from '@ant-design/icons';
import { type TableColumnsType, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PassDto } from '../../../domain/checkpoints';
import { type ColumnT, formatDateTime } from '../../components/format';
import { rowCardStyle } from '../../components/list-page';
import { ExceptionTag, PassKindTag, PassStateTag } from './checkpoint-display';

/** Rows of the pass list: table columns on a desktop, cards on a phone. */

export function passColumns(t: ColumnT): TableColumnsType<PassDto> {
  return [
    {
      title: t('checkpoints.pass.holder'),
      key: 'holder',
      width: 170,
      fixed: 'left',
      render: (_: unknown, p) => (
        <div style={{ display: 'grid', gap: 2 }}>
          <strong data-testid="pass-holder-name">{p.holder}</strong>
          {p.employer && <span style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>{p.employer}</span>}
        </div>
      ),
    },
    {
      title: t('checkpoints.field.passKind'),
      key: 'kind',
      width: 110,
      render: (_: unknown, p) => (
        <span style={{ display: 'inline-flex', gap: 4, flexWrap: 'wrap' }}>
          <PassKindTag kind={p.kind} />
          {p.exception && <ExceptionTag />}
        </span>
      ),
    },
    { title: t('checkpoints.pass.address'), dataIndex: 'address', width: 210, ellipsis: true },
    {
      title: t('checkpoints.pass.units'),
      key: 'units',
      width: 130,
      ellipsis: true,
      render: (_: unknown, p) => p.units.map((u) => u.name).join(t('checkpoints.listSeparator')),
    },
    {
      title: t('checkpoints.pass.validity'),
      key: 'validity',
      width: 190,
      render: (_: unknown, p) => (
        <span style={{ fontVariantNumeric: 'tabular-nums' }}>
          {p.validFrom} ~ {p.validTo}
        </span>
      ),
    },
    {
      title: t('checkpoints.field.passState'),
      key: 'state',
      width: 90,
      render: (_: unknown, p) => <PassStateTag state={p.state} reason={p.revokeReason} />,
    },
    {
      title: t('checkpoints.pass.createdAt'),
      dataIndex: 'createdAt',
      width: 150,
      render: (v: string) => formatDateTime(v),
    },
    {
      title: '',
      key: 'open',
      width: 36,
      align: 'center',
      render: () => <RightOutlined style={{ color: 'rgba(0,0,0,0.25)' }} />,
    },
  ];
}

export function PassCard({ pass: p, onOpen }: { pass: PassDto; onOpen: () => void }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  return (
    <li data-testid="pass-row" data-state={p.state}>
      <button
        type="button"
        onClick={onOpen}
        style={{
          ...rowCardStyle(token),
          width: '100%',
          textAlign: 'start',
          font: 'inherit',
          cursor: 'pointer',
        }}
      >
        <div style={{ flex: 1, minWidth: 0, display: 'grid', gap: 4 }}>
          <div style={{ display: 'flex', alignItems: 'center', gap: 6, flexWrap: 'wrap' }}>
            <span style={{ fontSize: 16, fontWeight: 600 }} data-testid="pass-holder-name">
              {p.holder}
            </span>
            <PassKindTag kind={p.kind} />
            <PassStateTag state={p.state} />
            {p.exception && <ExceptionTag />}
          </div>
          <div style={{ color: token.colorTextSecondary, fontSize: 13 }}>{p.address}</div>
          <div style={{ fontSize: 13 }}>
            {t('checkpoints.pass.validRange', { from: p.validFrom, to: p.validTo })}
          </div>
        </div>
        <RightOutlined style={{ color: token.colorTextQuaternary }} />
      </button>
    </li>
  );
}
