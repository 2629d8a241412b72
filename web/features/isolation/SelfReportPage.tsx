import { Empty } from 'antd';
import { useTranslation } from 'react-i18next';

/** Placeholder until the page is built. */
export function SelfReportPage() {
  const { t } = useTranslation();
  return <Empty description={t('isolation.comingSoon')} />;
}
