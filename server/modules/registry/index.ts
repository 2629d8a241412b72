export { personRow } from './persons.rules';
export { importResidents } from './registry.import';
export { failInterruptedImports, importFinished } from './registry.jobs';
export { purgePersons } from './registry.purge';
export { registryRoutes } from './registry.routes';
