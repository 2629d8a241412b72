export { checkpointsRoutes } from './checkpoints.routes';
