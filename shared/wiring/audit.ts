import { DynamoAuditStore } from '../adapters/dynamo/audit-store';
import { stageTable } from '../adapters/dynamo/client';
import { AuditLog } from '../services/audit/audit-log';

let log: AuditLog | undefined;

/** The workspace audit log (GET /audit and every service that records a change in it). */
export function auditLog(): AuditLog {
  log ??= new AuditLog(new DynamoAuditStore(stageTable));
  return log;
}
