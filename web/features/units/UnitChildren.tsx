import { RightOutlined } from '@ant-design/icons';
import { Pagination, Switch, Table, type TableColumnsType, Tag, Typography, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UnitDto } from '../../../domain/units';
import { formatNumber } from '../../components/format';
import { EmptyState, LoadError, Loading } from '../../components/states';
import { useIsMobile } from '../../components/use-is-mobile';
import { StatusTag, UnitTypeTag } from './unit-display';
import { type ChildrenParams, useChildren } from './units.api';

const PAGE_SIZES = [20, 50, 100, 200];

/** Children of the selected node: a paged table on desktop, tappable cards on phones. */
export function UnitChildren({ parent, onSelect }: { parent: UnitDto; onSelect: (id: string) => void }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [params, setParams] = useState<ChildrenParams>({ page: 1, pageSize: 50, includeArchived: false });
  const children = useChildren(parent.id, params);

  const toolbar = (
    <div
      style={{
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'space-between',
        gap: 8,
        flexWrap: 'wrap',
        margin: '4px 0 12px',
      }}
    >
      <Typography.Text type="secondary" data-testid="children-total">
        {children.data ? t('common.total', { count: children.data.total }) : ''}
      </Typography.Text>
      <span style={{ display: 'inline-flex', alignItems: 'center', gap: 8 }}>
        <Switch
          id="include-archived"
          size={isMobile ? 'medium' : 'small'}
          checked={params.includeArchived}
          onChange={(includeArchived) => setParams({ ...params, page: 1, includeArchived })}
        />
        <label htmlFor="include-archived" style={{ cursor: 'pointer' }}>
          {t('units.includeArchived')}
        </label>
      </span>
    </div>
  );

  if (children.isError)
    return <LoadError compact error={children.error} onRetry={() => void children.refetch()} />;
  if (children.isPending) return <Loading />;
  const { items, total } = children.data;

  if (items.length === 0 && params.page === 1) {
    return (
      <>
        {toolbar}
        <EmptyState description={t('units.noChildren')} />
      </>
    );
  }

  const pager = {
    current: params.page,
    pageSize: params.pageSize,
    total,
    showSizeChanger: !isMobile,
    pageSizeOptions: PAGE_SIZES,
    onChange: (page: number, pageSize: number) =>
      setParams({ ...params, page: pageSize === params.pageSize ? page : 1, pageSize }),
  };

  if (isMobile) {
    return (
      <div>
        {toolbar}
        <ul
          data-testid="unit-children"
          style={{
            listStyle: 'none',
            margin: 0,
            padding: 0,
            display: 'grid',
            gridTemplateColumns: 'minmax(0, 1fr)',
            gap: 8,
          }}
        >
          {items.map((u) => (
            <li key={u.id}>
              <ChildCard unit={u} onOpen={() => onSelect(u.id)} />
            </li>
          ))}
        </ul>
        {total > params.pageSize && (
          <Pagination
            {...pager}
            simple
            style={{ marginTop: 12, justifyContent: 'center', display: 'flex' }}
          />
        )}
      </div>
    );
  }

  const columns: TableColumnsType<UnitDto> = [
    {
      title: t('units.name'),
      dataIndex: 'name',
      width: 200,
      render: (name: string, u) => (
        <a
          href={`/units/${u.id}`}
          onClick={(e) => {
            e.preventDefault();
            e.stopPropagation();
            onSelect(u.id);
          }}
        >
          {name}
        </a>
      ),
    },
    {
      title: t('units.type'),
      dataIndex: 'type',
      width: 130,
      render: (_: unknown, u) => <UnitTypeTag type={u.type} />,
    },
    { title: t('units.code'), dataIndex: 'code', width: 130, render: (code: string | null) => code ?? '—' },
    {
      title: t('units.status'),
      dataIndex: 'status',
      width: 100,
      render: (_: unknown, u) => (u.status ? <StatusTag status={u.status} /> : '—'),
    },
    {
      title: t('units.flags'),
      key: 'flags',
      render: (_: unknown, u) => (
        <span style={{ display: 'inline-flex', gap: 4, flexWrap: 'wrap' }}>
          {u.unmanaged && <Tag color="gold">{t('units.unmanaged')}</Tag>}
          {u.villageToCommunity && <Tag color="lime">{t('units.villageToCommunity')}</Tag>}
          {u.archived && <Tag>{t('units.archived')}</Tag>}
        </span>
      ),
    },
    {
      title: t('units.childCount'),
      dataIndex: 'childCount',
      width: 80,
      align: 'right',
      render: (n: number) => formatNumber(n),
    },
  ];

  return (
    <div>
      {toolbar}
      <Table<UnitDto>
        data-testid="unit-children"
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={items}
        loading={children.isFetching && children.isPlaceholderData}
        scroll={{ x: 760 }}
        pagination={{ ...pager, showTotal: (n) => t('common.total', { count: n }) }}
        onRow={(u) => ({ onClick: () => onSelect(u.id), style: { cursor: 'pointer' } })}
      />
    </div>
  );
}

function ChildCard({ unit, onOpen }: { unit: UnitDto; onOpen: () => void }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  return (
    <button
      type="button"
      onClick={onOpen}
      data-testid="unit-child-card"
      style={{
        display: 'flex',
        alignItems: 'center',
        gap: 12,
        width: '100%',
        minHeight: 60,
        padding: '10px 12px',
        border: `1px solid ${token.colorBorderSecondary}`,
        borderRadius: token.borderRadiusLG,
        background: unit.archived ? token.colorFillQuaternary : token.colorBgContainer,
        textAlign: 'left',
        cursor: 'pointer',
        font: 'inherit',
        color: token.colorText,
      }}
    >
      <div style={{ flex: 1, minWidth: 0 }}>
        <div
          style={{
            fontSize: 16,
            fontWeight: 500,
            overflow: 'hidden',
            textOverflow: 'ellipsis',
            whiteSpace: 'nowrap',
          }}
        >
          {unit.name}
        </div>
        <div style={{ marginTop: 4, display: 'flex', flexWrap: 'wrap', gap: 4, alignItems: 'center' }}>
          <UnitTypeTag type={unit.type} />
          <StatusTag status={unit.status} />
          {unit.unmanaged && (
            <Tag color="gold" style={{ marginInlineEnd: 0 }}>
              {t('units.unmanaged')}
            </Tag>
          )}
          {unit.villageToCommunity && (
            <Tag color="lime" style={{ marginInlineEnd: 0 }}>
              {t('units.villageToCommunity')}
            </Tag>
          )}
          {unit.archived && <Tag style={{ marginInlineEnd: 0 }}>{t('units.archived')}</Tag>}
          {unit.code && <span style={{ color: token.colorTextTertiary, fontSize: 12 }}>{unit.code}</span>}
        </div>
      </div>
      {unit.childCount > 0 && (
        <span style={{ color: token.colorTextSecondary, fontSize: 13 }}>{formatNumber(unit.childCount)}</span>
      )}
      <RightOutlined style={{ color: token.colorTextTertiary }} />
    </button>
  );
}
