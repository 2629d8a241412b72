import { useTranslation } from 'react-i18next';
import { type ModuleTab, ModuleTabs } from '../../components/ModuleTabs';

/** The registry's pages in working order: the census channels one tap apart. */
export function RegistryNav() {
  const { t } = useTranslation();
  const tab = (
    path: string,
    key: 'search' | 'entry' | 'registrations' | 'import' | 'coverage',
    permission: ModuleTab['permission'],
  ): ModuleTab => ({
    path,
    permission,
    label: t(`registry.nav.${key}`),
    shortLabel: t(`registry.navShort.${key}`),
  });
  return (
    <ModuleTabs
      testId="registry-nav"
      tabs={[
        tab('/registry', 'search', 'persons.read'),
        tab('/registry/entry', 'entry', 'persons.write'),
        tab('/registry/registrations', 'registrations', 'persons.write'),
        tab('/registry/import', 'import', 'persons.write'),
        tab('/registry/coverage', 'coverage', 'persons.read'),
      ]}
    />
  );
}
