import { TreeSelect, theme } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UnitDto, UnitType } from '../../../domain/units';
import { unitTypeIcon } from './unit-display';
import { useLazyUnitTree } from './use-unit-tree';

interface TreeSelectNode {
  value: string;
  title: React.ReactNode;
  icon: React.ReactNode;
  isLeaf: boolean;
  selectable: boolean;
  disabled?: boolean;
  children?: TreeSelectNode[];
}

export interface UnitTreeSelectProps {
  value?: string;
  onChange?: (id: string | undefined, unit: UnitDto | undefined) => void;
  /** Only these types can be picked; others are shown for navigation. */
  selectableTypes: readonly UnitType[];
  /** The tree is not opened below these types (nothing under them could be picked). */
  deepestType?: UnitType;
  /** Nodes that can neither be picked nor opened (the node being moved, which cannot go under itself). */
  excludeIds?: readonly string[];
  /** The label shown for a value whose node has not been loaded yet (e.g. an account's current unit). */
  valueLabel?: string;
  placeholder?: string;
  disabled?: boolean;
  id?: string;
}

const DEPTH: Record<UnitType, number> = {
  subdistrict: 0,
  community: 1,
  village: 1,
  compound: 2,
  building: 3,
  entrance: 4,
  household: 5,
};

/** Picks a node of the account's own subtree, loading one level at a time. */
export function UnitTreeSelect({
  value,
  onChange,
  selectableTypes,
  deepestType = 'household',
  excludeIds = [],
  valueLabel,
  placeholder,
  disabled,
  id,
}: UnitTreeSelectProps) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const tree = useLazyUnitTree();
  const { root, byParent } = tree;
  const [expanded, setExpanded] = useState<string[] | null>(null);

  const { treeData, units } = useMemo(() => {
    const units = new Map<string, UnitDto>();
    const node = (u: UnitDto): TreeSelectNode => {
      units.set(u.id, u);
      const excluded = excludeIds.includes(u.id);
      const stop = DEPTH[u.type] >= DEPTH[deepestType];
      const page = byParent.get(u.id);
      const selectable = !excluded && selectableTypes.includes(u.type);
      return {
        value: u.id,
        // Nodes that cannot be picked are there to open, and look it.
        title: selectable ? u.name : <span style={{ color: token.colorTextTertiary }}>{u.name}</span>,
        icon: unitTypeIcon(u.type),
        isLeaf: excluded || stop || u.childCount === 0,
        selectable,
        disabled: excluded,
        children: excluded || stop ? undefined : page?.items.map(node),
      };
    };
    return { treeData: root ? [node(root)] : [], units };
  }, [root, byParent, selectableTypes, deepestType, excludeIds, token.colorTextTertiary]);

  const known = value ? units.get(value) : undefined;
  const labelled = value ? { value, label: known?.name ?? valueLabel ?? value } : undefined;

  return (
    <TreeSelect<{ value: string; label: React.ReactNode } | undefined>
      id={id}
      data-testid="unit-tree-select"
      labelInValue
      value={labelled}
      onChange={(v) => {
        const picked = v?.value === undefined ? undefined : String(v.value);
        onChange?.(picked, picked ? units.get(picked) : undefined);
      }}
      treeData={treeData}
      loadData={(n) => tree.loadChildren(String(n.value))}
      treeLoadedKeys={tree.loadedKeys}
      treeExpandedKeys={expanded ?? (root ? [root.id] : [])}
      onTreeExpand={(keys) => setExpanded(keys.map(String))}
      treeIcon
      showSearch={false}
      allowClear
      loading={tree.rootQuery.isPending}
      disabled={disabled}
      placeholder={placeholder ?? t('common.select')}
      style={{ width: '100%' }}
      styles={{ popup: { root: { maxHeight: 400, overflow: 'auto' } } }}
      notFoundContent={tree.rootQuery.isError ? t('error.loadFailed') : t('common.empty')}
    />
  );
}
