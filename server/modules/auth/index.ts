export { authRoutes } from './auth.routes';
export { actorFromToken, purgeExpiredSessions } from './auth.service';
