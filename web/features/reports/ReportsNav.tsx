import { useTranslation } from 'react-i18next';
import { type ModuleTab, ModuleTabs } from '../../components/ModuleTabs';

/** The report pages: a community's own report, the roll-up of all communities, the dashboard. */
export function ReportsNav() {
  const { t } = useTranslation();
  const tab = (path: string, key: 'report' | 'rollup' | 'dashboard'): ModuleTab => ({
    path,
    permission: 'reports.read',
    label: t(`reports.nav.${key}`),
    shortLabel: t(`reports.navShort.${key}`),
  });
  return (
    <ModuleTabs
      testId="reports-nav"
      tabs={[tab('/dashboard', 'dashboard'), tab('/reports', 'report'), tab('/reports/rollup', 'rollup')]}
    />
  );
}
