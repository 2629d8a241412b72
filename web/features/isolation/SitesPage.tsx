import { Empty } from 'antd';
import { useTranslation } from 'react-i18next';
import { IsolationNav } from './IsolationNav';

/** Placeholder until the page is built. */
export function SitesPage() {
  const { t } = useTranslation();
  return (
    <>
      <IsolationNav />
      <Empty description={t('isolation.comingSoon')} />
    </>
  );
}
