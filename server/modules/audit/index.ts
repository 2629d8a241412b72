export { auditRoutes } from './audit.routes';
export { type AuditEntry, recordAudit } from './audit.service';
