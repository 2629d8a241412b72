import { Card, Col, Input, Row } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { LoadError, Loading } from '../../components/states';
import { useIsMobile } from '../../components/use-is-mobile';
import { useSession } from '../auth/auth.api';
import { UnitDetailPanel } from './UnitDetailPanel';
import { UnitSearchResults } from './UnitSearchResults';
import { UnitTree } from './UnitTree';
import { visibleAncestors } from './unit-display';
import { useRootUnit, useUnit } from './units.api';
import { useUnitEvents } from './use-unit-events';

/**
 * The jurisdiction grid. Desktop: the tree beside the selected node. Phone: a drill-down list, the
 * breadcrumb leads back up. The selected node lives in the URL, so back/forward and links work.
 */
export function UnitsPage() {
  const { unitId } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const root = useRootUnit();
  const me = useSession();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const clearSearch = () => {
    setText('');
    setQ('');
  };
  useUnitEvents();

  const selectedId = unitId ?? root.data?.id;
  const detail = useUnit(selectedId);
  const revealPath = useMemo(
    () => (detail.data ? visibleAncestors(detail.data, me.unitId).map((a) => a.id) : []),
    [detail.data, me.unitId],
  );
  const select = (id: string) => navigate(`/units/${id}`);

  const search = (
    <Input.Search
      allowClear
      data-testid="unit-search"
      placeholder={t('units.searchPlaceholder')}
      value={text}
      onSearch={(value) => setQ(value.trim())}
      onChange={(e) => {
        setText(e.target.value);
        if (e.target.value === '') setQ('');
      }}
      size={isMobile ? 'large' : 'middle'}
      maxLength={50}
    />
  );

  let main: React.ReactNode;
  if (!selectedId && root.isPending) main = <Loading />;
  else if (!selectedId && root.isError)
    main = <LoadError error={root.error} onRetry={() => void root.refetch()} />;
  else if (selectedId) main = <UnitDetailPanel id={selectedId} onSelect={select} />;

  if (isMobile) {
    return (
      <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: 12 }}>
        {search}
        {q ? <UnitSearchResults q={q} onSelect={select} onClear={clearSearch} /> : main}
      </div>
    );
  }

  return (
    <Row gutter={[16, 16]} align="top">
      <Col xs={24} lg={8} xl={7} xxl={6}>
        <Card
          title={t('units.tree')}
          size="small"
          styles={{ body: { padding: 12 } }}
          style={{ position: 'sticky', top: 84 }}
        >
          <div style={{ marginBottom: 12 }}>{search}</div>
          <div style={{ maxHeight: 'calc(100vh - 240px)', minHeight: 200, overflow: 'auto' }}>
            {q ? (
              <UnitSearchResults q={q} onSelect={select} onClear={clearSearch} selectedId={selectedId} />
            ) : (
              <UnitTree selectedId={selectedId} revealPath={revealPath} onSelect={select} />
            )}
          </div>
        </Card>
      </Col>
      <Col xs={24} lg={16} xl={17} xxl={18}>
        {main}
      </Col>
    </Row>
  );
}
