import { CloseOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { EmptyState, LoadError, Loading } from '../../components/states';
import { UnitTags, UnitTypeTag } from './unit-display';
import { useUnitSearch } from './units.api';

/** Name search within the account's subtree. */
export function UnitSearchResults({
  q,
  onSelect,
  onClear,
  selectedId,
}: {
  q: string;
  onSelect: (id: string) => void;
  onClear: () => void;
  selectedId?: string;
}) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const result = useUnitSearch(q);

  let body: React.ReactNode;
  if (result.isPending) body = <Loading />;
  else if (result.isError)
    body = <LoadError compact error={result.error} onRetry={() => void result.refetch()} />;
  else if (result.data.items.length === 0) body = <EmptyState description={t('units.searchEmpty', { q })} />;
  else {
    body = (
      <ul
        data-testid="unit-search-results"
        style={{
          listStyle: 'none',
          margin: 0,
          padding: 0,
          display: 'grid',
          gridTemplateColumns: 'minmax(0, 1fr)',
          gap: 4,
        }}
      >
        {result.data.items.map((u) => (
          <li key={u.id}>
            <button
              type="button"
              onClick={() => onSelect(u.id)}
              style={{
                display: 'flex',
                alignItems: 'center',
                gap: 8,
                width: '100%',
                minHeight: 44,
                padding: '6px 10px',
                border: `1px solid ${u.id === selectedId ? token.colorPrimary : token.colorBorderSecondary}`,
                borderRadius: token.borderRadius,
                background: u.id === selectedId ? token.colorPrimaryBg : token.colorBgContainer,
                cursor: 'pointer',
                textAlign: 'left',
                font: 'inherit',
              }}
            >
              <UnitTypeTag type={u.type} />
              <span
                style={{
                  flex: 1,
                  minWidth: 0,
                  overflow: 'hidden',
                  textOverflow: 'ellipsis',
                  whiteSpace: 'nowrap',
                }}
              >
                {u.name}
              </span>
              <UnitTags unit={u} />
              <RightOutlined style={{ color: token.colorTextTertiary }} />
            </button>
          </li>
        ))}
      </ul>
    );
  }

  return (
    <div>
      <div
        style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', marginBottom: 8 }}
      >
        <Typography.Text type="secondary">
          {t('units.searchResults')}
          {result.data ? ` · ${t('common.total', { count: result.data.total })}` : ''}
        </Typography.Text>
        <Button size="small" type="link" icon={<CloseOutlined />} onClick={onClear}>
          {t('units.clearSearch')}
        </Button>
      </div>
      {body}
    </div>
  );
}
