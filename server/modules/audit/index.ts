export { auditRoutes } from './audit.routes';
export { type AuditEntry, auditQuery, recordAudit } from './audit.service';
