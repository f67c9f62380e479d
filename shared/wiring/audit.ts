import { DynamoAuditStore } from '../adapters/dynamo/audit-store';
import { stageTable } from '../adapters/dynamo/client';
import { AuditLog } from '../services/audit/audit-log';
import { built } from './container';

/** The workspace audit log (GET /audit and every service that records a change in it). */
export function auditLog(): AuditLog {
  return built(auditLog, () => new AuditLog(new DynamoAuditStore(stageTable)));
}
