import { Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { LoadError } from '../../components/states';

/** Shown while the session is checked on first load, or when that check itself failed. */
export function FullPageLoading({ error, onRetry }: { error?: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        padding: 16,
      }}
    >
      {error ? (
        <LoadError error={error} onRetry={onRetry} />
      ) : (
        <Spin size="large" description={t('common.loading')} />
      )}
    </div>
  );
}
