export { isolationRoutes } from './isolation.routes';
