export { personRow } from './persons.rules';
export { purgePersons } from './registry.purge';
export { registryRoutes } from './registry.routes';
