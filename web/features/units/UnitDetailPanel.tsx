import {
  DragOutlined,
  EditOutlined,
  InboxOutlined,
  MoreOutlined,
  PlusOutlined,
  QrcodeOutlined,
  RollbackOutlined,
  SafetyOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Descriptions,
  Dropdown,
  type MenuProps,
  Space,
  Statistic,
  Tabs,
  Typography,
  theme,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { UNIT_TYPES, type UnitDetailDto } from '../../../domain/units';
import { formatDateTime, formatNumber } from '../../components/format';
import { errorMessage, LoadError, Loading } from '../../components/states';
import { useIsMobile } from '../../components/use-is-mobile';
import { hasPermission, useSession } from '../auth/auth.api';
import { BulkCreatePanel } from './BulkCreatePanel';
import { ImportPanel } from './ImportPanel';
import { MoveUnitModal } from './MoveUnitModal';
import { StatusModal, StatusPanel } from './StatusPanel';
import { UnitChildren } from './UnitChildren';
import { UnitFormModal } from './UnitFormModal';
import { childTypesOf, UnitTags, UnitTypeTag, unitTypeIcon, visibleAncestors } from './unit-display';
import { useUnit, useUpdateUnit } from './units.api';

type Dialog = 'create' | 'edit' | 'move' | 'status' | null;
type TabKey = 'children' | 'status' | 'bulk' | 'import';

/** The selected node: where it sits, what it holds, and what may be done with it. */
export function UnitDetailPanel({ id, onSelect }: { id: string; onSelect: (id: string) => void }) {
  const detail = useUnit(id);
  if (detail.isPending) {
    return (
      <Card>
        <Loading minHeight={320} />
      </Card>
    );
  }
  if (detail.isError) {
    return (
      <Card>
        <LoadError error={detail.error} onRetry={() => void detail.refetch()} />
      </Card>
    );
  }
  return <UnitDetail key={detail.data.id} unit={detail.data} onSelect={onSelect} />;
}

function UnitDetail({ unit, onSelect }: { unit: UnitDetailDto; onSelect: (id: string) => void }) {
  const me = useSession();
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const { modal, message } = App.useApp();
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const [dialog, setDialog] = useState<Dialog>(null);
  const update = useUpdateUnit();

  const canWrite = hasPermission(me, 'units.write');
  const canManage = hasPermission(me, 'units.manage');
  const canStatus = hasPermission(me, 'units.status');
  const isOwnRoot = unit.id === me.unitId;
  const childTypes = childTypesOf(unit.type);
  const isCompound = unit.type === 'compound';
  const importable = unit.type === 'subdistrict' || unit.type === 'community' || unit.type === 'village';

  const actions = {
    add: canWrite && childTypes.length > 0 && !unit.archived,
    edit: canWrite && !unit.archived,
    move: canManage && !isOwnRoot && unit.parentId !== null && !unit.archived,
    archive: canManage && !isOwnRoot && unit.parentId !== null,
    status: canStatus && isCompound && !unit.archived,
  };

  const confirmArchive = () => {
    const archiving = !unit.archived;
    modal.confirm({
      title: t(archiving ? 'units.archiveConfirm' : 'units.restoreConfirm', { name: unit.name }),
      content: archiving ? t('units.archiveHint') : undefined,
      okText: archiving ? t('units.archive') : t('units.restore'),
      okButtonProps: { danger: archiving },
      cancelText: t('common.cancel'),
      onOk: () =>
        update
          .mutateAsync({ id: unit.id, body: { archived: archiving } })
          .then(() => void message.success(t(archiving ? 'units.archivedDone' : 'units.restoredDone')))
          .catch((error: unknown) => {
            void message.error(errorMessage(error, t('error.network')));
          }),
    });
  };

  const moreItems: NonNullable<MenuProps['items']> = [];
  if (actions.status)
    moreItems.push({ key: 'status', icon: <SafetyOutlined />, label: t('units.changeStatus') });
  if (actions.move) moreItems.push({ key: 'move', icon: <DragOutlined />, label: t('units.move') });
  if (actions.archive) {
    moreItems.push({
      key: 'archive',
      icon: unit.archived ? <RollbackOutlined /> : <InboxOutlined />,
      label: unit.archived ? t('units.restore') : t('units.archive'),
      danger: !unit.archived,
    });
  }
  const onMore: MenuProps['onClick'] = ({ key }) => {
    if (key === 'archive') confirmArchive();
    else setDialog(key as Dialog);
  };

  const size = isMobile ? 'large' : 'middle';
  const actionBar = (
    <Space wrap size={8} style={isMobile ? { width: '100%' } : undefined}>
      {actions.add && (
        <Button
          type="primary"
          icon={<PlusOutlined />}
          size={size}
          onClick={() => setDialog('create')}
          data-testid="unit-add"
        >
          {t('units.addChild')}
        </Button>
      )}
      {actions.edit && (
        <Button icon={<EditOutlined />} size={size} onClick={() => setDialog('edit')} data-testid="unit-edit">
          {t('common.edit')}
        </Button>
      )}
      {isCompound && !unit.archived && hasPermission(me, 'persons.write') && (
        <Button
          icon={<QrcodeOutlined />}
          size={size}
          href={`/print/poster/${unit.id}`}
          data-testid="unit-poster"
        >
          {t('selfreg.queue.poster')}
        </Button>
      )}
      {moreItems.length > 0 && (
        <Dropdown menu={{ items: moreItems, onClick: onMore }} trigger={['click']}>
          <Button icon={<MoreOutlined />} size={size} data-testid="unit-more">
            {t('common.more')}
          </Button>
        </Dropdown>
      )}
    </Space>
  );

  const countTypes = UNIT_TYPES.filter((type) => (unit.counts[type] ?? 0) > 0);

  const tabs: { key: TabKey; label: string; children: React.ReactNode }[] = [
    {
      key: 'children',
      label: t('units.tabChildren'),
      children: <UnitChildren parent={unit} onSelect={onSelect} />,
    },
  ];
  if (isCompound) {
    tabs.push({
      key: 'status',
      label: t('units.tabStatus'),
      children: <StatusPanel unit={unit} canChange={actions.status} onChange={() => setDialog('status')} />,
    });
    if (canWrite && !unit.archived)
      tabs.push({ key: 'bulk', label: t('units.tabBulk'), children: <BulkCreatePanel unit={unit} /> });
  }
  if (importable && canWrite && !unit.archived) {
    tabs.push({ key: 'import', label: t('units.tabImport'), children: <ImportPanel unit={unit} /> });
  }
  const requested = params.get('tab') as TabKey | null;
  const activeTab = tabs.some((tab) => tab.key === requested) ? (requested as TabKey) : 'children';

  return (
    <div
      style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: isMobile ? 12 : 16 }}
      data-testid="unit-detail"
      data-unit-id={unit.id}
    >
      <Card styles={{ body: { padding: isMobile ? 16 : 24 } }}>
        <Breadcrumb
          style={{ marginBottom: 12 }}
          data-testid="unit-breadcrumb"
          items={[
            ...visibleAncestors(unit, me.unitId),
            { id: unit.id, name: unit.name, type: unit.type },
          ].map((a, i, all) => ({
            key: a.id,
            title:
              i === all.length - 1 ? (
                <span>{a.name}</span>
              ) : (
                <a
                  href={`/units/${a.id}`}
                  onClick={(e) => {
                    e.preventDefault();
                    onSelect(a.id);
                  }}
                  style={isMobile ? { display: 'inline-block', padding: '6px 0' } : undefined}
                >
                  {a.name}
                </a>
              ),
          }))}
        />
        <div
          style={{
            display: 'flex',
            flexWrap: 'wrap',
            alignItems: 'flex-start',
            justifyContent: 'space-between',
            gap: 12,
          }}
        >
          <div style={{ minWidth: 0 }}>
            <Typography.Title
              level={isMobile ? 4 : 3}
              style={{ margin: 0, display: 'flex', alignItems: 'center', gap: 10 }}
              data-testid="unit-title"
            >
              <span style={{ color: token.colorPrimary }}>{unitTypeIcon(unit.type)}</span>
              <span style={{ wordBreak: 'break-all' }}>{unit.name}</span>
            </Typography.Title>
            <div style={{ marginTop: 8, display: 'flex', flexWrap: 'wrap', gap: 6 }}>
              <UnitTypeTag type={unit.type} />
              <UnitTags unit={unit} />
            </div>
          </div>
          {actionBar}
        </div>
        {unit.archived && (
          <Alert type="warning" showIcon title={t('units.archivedBanner')} style={{ marginTop: 16 }} />
        )}
        <Descriptions
          size="small"
          style={{ marginTop: 16 }}
          column={{ xs: 1, sm: 2, md: 2, lg: 3 }}
          items={[
            { key: 'code', label: t('units.code'), children: unit.code ?? t('common.none') },
            { key: 'children', label: t('units.childCount'), children: formatNumber(unit.childCount) },
            { key: 'updated', label: t('units.updatedAt'), children: formatDateTime(unit.updatedAt) },
          ]}
        />
        {countTypes.length > 0 && (
          <div
            data-testid="unit-counts"
            style={{
              marginTop: 8,
              display: 'grid',
              gridTemplateColumns: `repeat(auto-fill, minmax(${isMobile ? 96 : 120}px, 1fr))`,
              gap: 8,
            }}
          >
            {countTypes.map((type) => (
              <div
                key={type}
                style={{
                  background: token.colorFillQuaternary,
                  borderRadius: token.borderRadiusLG,
                  padding: '10px 14px',
                }}
              >
                <Statistic
                  title={t(`unitType.${type}`)}
                  value={unit.counts[type] ?? 0}
                  prefix={unitTypeIcon(type)}
                  styles={{ content: { fontSize: isMobile ? 20 : 22 } }}
                  formatter={(v) => formatNumber(Number(v))}
                />
              </div>
            ))}
          </div>
        )}
      </Card>
      <Card styles={{ body: { padding: isMobile ? '4px 12px 12px' : '4px 24px 24px' } }}>
        <Tabs
          activeKey={activeTab}
          onChange={(key) => {
            const next = new URLSearchParams(params);
            if (key === 'children') next.delete('tab');
            else next.set('tab', key);
            setParams(next, { replace: true });
          }}
          items={tabs}
          destroyOnHidden
        />
      </Card>

      {dialog === 'create' && <UnitFormModal mode="create" parent={unit} onClose={() => setDialog(null)} />}
      {dialog === 'edit' && <UnitFormModal mode="edit" unit={unit} onClose={() => setDialog(null)} />}
      {dialog === 'move' && <MoveUnitModal unit={unit} onClose={() => setDialog(null)} />}
      {dialog === 'status' && <StatusModal unit={unit} onClose={() => setDialog(null)} />}
    </div>
  );
}
