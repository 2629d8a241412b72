import { useTranslation } from 'react-i18next';
import { type ModuleTab, ModuleTabs } from '../../components/ModuleTabs';

/** The office pages of the checkpoint module: gates, passes, and what passed through them. */
export function CheckpointsNav() {
  const { t } = useTranslation();
  const tab = (
    path: string,
    key: 'checkpoints' | 'passes' | 'passages',
    permission: ModuleTab['permission'],
  ): ModuleTab => ({
    path,
    permission,
    label: t(`checkpoints.nav.${key}`),
    shortLabel: t(`checkpoints.navShort.${key}`),
  });
  return (
    <ModuleTabs
      testId="checkpoints-nav"
      tabs={[
        tab('/checkpoints', 'checkpoints', 'checkpoints.read'),
        tab('/checkpoints/passes', 'passes', 'passes.issue'),
        tab('/checkpoints/passages', 'passages', 'checkpoints.read'),
      ]}
    />
  );
}
