export { personRow } from './persons.rules';
export { registryRoutes } from './registry.routes';
