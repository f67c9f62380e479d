import { AUDIT_ACTIONS } from '../domain/audit/audit-entry';
import * as z from './zod';

export const auditEntryView = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.object({ type: z.enum(['user', 'api_key', 'stripe', 'meta']), id: z.string() }),
  action: z.enum(AUDIT_ACTIONS),
  target: z.object({ type: z.string(), id: z.string() }),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
export const auditList = z.object({ items: z.array(auditEntryView), nextCursor: z.nullable(z.string()) });
