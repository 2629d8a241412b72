import { ReloadOutlined } from '@ant-design/icons';
import { Button, Empty, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../app/api/client';

/** A centred spinner for a block that is still loading. */
export function Loading({ minHeight = 160 }: { minHeight?: number }) {
  const { t } = useTranslation();
  return (
    <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'center', minHeight }}>
      <Spin description={t('common.loading')} />
    </div>
  );
}

export function errorMessage(error: unknown, fallback: string): string {
  if (error instanceof ApiError || error instanceof Error) return error.message || fallback;
  return fallback;
}

/** A failed load: what went wrong in the user's language, and a way to try again. */
export function LoadError({
  error,
  onRetry,
  compact,
}: {
  error: unknown;
  onRetry?: () => void;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const requestId = error instanceof ApiError ? error.problem?.requestId : undefined;
  return (
    <Result
      status="warning"
      style={compact ? { padding: '16px 8px' } : undefined}
      title={t('error.loadFailed')}
      subTitle={
        <>
          <div>{errorMessage(error, t('error.network'))}</div>
          {requestId && <div style={{ fontSize: 12 }}>{t('error.requestId', { id: requestId })}</div>}
        </>
      }
      extra={
        onRetry && (
          <Button icon={<ReloadOutlined />} onClick={onRetry}>
            {t('common.retry')}
          </Button>
        )
      }
    />
  );
}

export function EmptyState({ description, children }: { description?: ReactNode; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={description ?? t('common.empty')}>
      {children}
    </Empty>
  );
}
