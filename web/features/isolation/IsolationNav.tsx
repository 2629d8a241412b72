import { useTranslation } from 'react-i18next';
import { type ModuleTab, ModuleTabs } from '../../components/ModuleTabs';

/** The isolation pages in working order: the day's worklist first. */
export function IsolationNav() {
  const { t } = useTranslation();
  const tab = (
    path: string,
    key: 'worklist' | 'persons' | 'alerts' | 'plan' | 'sites',
    permission: ModuleTab['permission'],
  ): ModuleTab => ({
    path,
    permission,
    label: t(`isolation.nav.${key}`),
    shortLabel: t(`isolation.navShort.${key}`),
  });
  return (
    <ModuleTabs
      testId="isolation-nav"
      tabs={[
        tab('/isolation', 'worklist', 'isolation.read'),
        tab('/isolation/persons', 'persons', 'isolation.read'),
        tab('/isolation/alerts', 'alerts', 'alerts.read'),
        tab('/isolation/plan', 'plan', 'isolation.read'),
        tab('/isolation/sites', 'sites', 'isolation.read'),
      ]}
    />
  );
}
