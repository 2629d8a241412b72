import { Tree, type TreeDataNode } from 'antd';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UnitDto } from '../../../domain/units';
import { LoadError, Loading } from '../../components/states';
import { StatusTag, unitTypeIcon } from './unit-display';
import { useLazyUnitTree } from './use-unit-tree';

interface Props {
  selectedId: string | undefined;
  /** Ancestors of the selection, so a node picked in the table or search is revealed in the tree. */
  revealPath: readonly string[];
  onSelect: (id: string) => void;
}

function title(unit: UnitDto): ReactNode {
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
      <span>{unit.name}</span>
      {unit.status && unit.status !== 'open' && <StatusTag status={unit.status} />}
    </span>
  );
}

/** The desktop side tree: lazily loaded, one level per expand. */
export function UnitTree({ selectedId, revealPath, onSelect }: Props) {
  const { t } = useTranslation();
  const tree = useLazyUnitTree();
  const { root, byParent, ensureLoaded } = tree;
  const [expanded, setExpanded] = useState<string[]>([]);

  useEffect(() => {
    if (!root) return;
    const open = [...new Set([root.id, ...revealPath])];
    ensureLoaded(open);
    setExpanded((prev) => {
      const add = open.filter((id) => !prev.includes(id));
      return add.length > 0 ? [...prev, ...add] : prev;
    });
  }, [root, revealPath, ensureLoaded]);

  const treeData = useMemo(() => {
    const build = (parentId: string): TreeDataNode[] | undefined => {
      const page = byParent.get(parentId);
      if (!page) return undefined;
      const nodes: TreeDataNode[] = page.items.map((u) => ({
        key: u.id,
        title: title(u),
        icon: unitTypeIcon(u.type),
        isLeaf: u.childCount === 0,
        children: build(u.id),
      }));
      const rest = page.total - page.items.length;
      if (rest > 0) {
        nodes.push({
          key: `more:${parentId}`,
          title: t('units.moreChildren', { count: rest }),
          isLeaf: true,
          selectable: false,
          disabled: true,
        });
      }
      return nodes;
    };
    if (!root) return [];
    return [
      {
        key: root.id,
        title: title(root),
        icon: unitTypeIcon(root.type),
        isLeaf: root.childCount === 0,
        children: build(root.id),
      },
    ];
  }, [root, byParent, t]);

  if (tree.rootQuery.isPending) return <Loading />;
  if (tree.rootQuery.isError)
    return <LoadError compact error={tree.rootQuery.error} onRetry={() => void tree.rootQuery.refetch()} />;

  return (
    <Tree
      data-testid="unit-tree"
      showIcon
      blockNode
      treeData={treeData}
      loadData={(node) => tree.loadChildren(String(node.key))}
      loadedKeys={tree.loadedKeys}
      expandedKeys={expanded}
      onExpand={(keys) => setExpanded(keys.map(String))}
      selectedKeys={selectedId ? [selectedId] : []}
      onSelect={(keys) => {
        const id = keys[0];
        if (id !== undefined) onSelect(String(id));
      }}
    />
  );
}
