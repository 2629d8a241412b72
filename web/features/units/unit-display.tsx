import {
  AppstoreOutlined,
  BankOutlined,
  BlockOutlined,
  BuildOutlined,
  ClusterOutlined,
  EnvironmentOutlined,
  HomeOutlined,
} from '@ant-design/icons';
import { Tag } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type CompoundStatus,
  PARENT_TYPES,
  UNIT_TYPES,
  type UnitDetailDto,
  type UnitDto,
  type UnitRef,
  type UnitType,
} from '../../../domain/units';

const TYPE_ICONS: Record<UnitType, ReactNode> = {
  subdistrict: <BankOutlined />,
  community: <ClusterOutlined />,
  village: <EnvironmentOutlined />,
  compound: <AppstoreOutlined />,
  building: <BuildOutlined />,
  entrance: <BlockOutlined />,
  household: <HomeOutlined />,
};

const TYPE_COLORS: Record<UnitType, string> = {
  subdistrict: 'geekblue',
  community: 'blue',
  village: 'cyan',
  compound: 'purple',
  building: 'default',
  entrance: 'default',
  household: 'default',
};

/** open green, closed orange, sealed red: the colours the offices used on their wall maps. */
export const STATUS_COLORS: Record<CompoundStatus, string> = {
  open: 'green',
  closed: 'orange',
  sealed: 'red',
};

export function unitTypeIcon(type: UnitType): ReactNode {
  return TYPE_ICONS[type];
}

/**
 * Ancestors the account may open: the path from its own node down. Anything above it is outside
 * its jurisdiction (and answers 404), so it is neither linked nor loaded in the tree.
 */
export function visibleAncestors(unit: UnitDetailDto, ownUnitId: string): UnitRef[] {
  if (unit.id === ownUnitId) return [];
  const start = unit.ancestors.findIndex((a) => a.id === ownUnitId);
  return start >= 0 ? unit.ancestors.slice(start) : unit.ancestors;
}

/** The types that may be created directly under a node of this type. */
export function childTypesOf(type: UnitType): UnitType[] {
  return UNIT_TYPES.filter((child) => PARENT_TYPES[child].includes(type));
}

/** Parent types a node of this type may be moved under. */
export function parentTypesOf(type: UnitType): UnitType[] {
  return PARENT_TYPES[type].filter((p): p is UnitType => p !== null);
}

export function UnitTypeTag({ type }: { type: UnitType }) {
  const { t } = useTranslation();
  return (
    <Tag color={TYPE_COLORS[type]} icon={TYPE_ICONS[type]} style={{ marginInlineEnd: 0 }}>
      {t(`unitType.${type}`)}
    </Tag>
  );
}

export function StatusTag({ status }: { status: CompoundStatus | null }) {
  const { t } = useTranslation();
  if (!status) return null;
  return (
    <Tag color={STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }} data-testid="status-tag">
      {t(`unitStatus.${status}`)}
    </Tag>
  );
}

/** Status, 无主管楼院, 村改居 and 已归档 as tags, in that order. */
export function UnitTags({
  unit,
}: {
  unit: Pick<UnitDto, 'status' | 'unmanaged' | 'villageToCommunity' | 'archived'>;
}) {
  const { t } = useTranslation();
  return (
    <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 4 }}>
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
    </span>
  );
}
