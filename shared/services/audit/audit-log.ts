import type { AuditAction, AuditActor, AuditEntry } from '../../domain/audit/audit-entry';
import { sortableId } from '../notifications/notification-service';
import type { AuditStore } from './ports';

/** What a service that changes something calls once the change is stored. */
export interface AuditRecorder {
  record(
    workspaceId: string,
    actor: AuditActor,
    action: AuditAction,
    target: AuditEntry['target'],
    details?: AuditEntry['details'],
  ): Promise<void>;
}

/**
 * The workspace's audit log. Entries are written right after the change they record, by the same request: one
 * DynamoDB transaction for both is not possible on the paths the local stage runs (dynalite has no
 * TransactWriteItems, see DESIGN.md), so a crash between the two writes can lose an entry, never invent one for a
 * change that did not happen. Entry ids sort by time, so the list reads newest first with one Query.
 */
export class AuditLog implements AuditRecorder {
  constructor(
    private readonly store: AuditStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async record(
    workspaceId: string,
    actor: AuditActor,
    action: AuditAction,
    target: AuditEntry['target'],
    details: AuditEntry['details'] = {},
  ): Promise<void> {
    const at = this.now();
    await this.store.append({
      id: sortableId(at),
      workspaceId,
      at: at.toISOString(),
      actor,
      action,
      target,
      details,
    });
  }

  list(workspaceId: string, limit: number, cursor: string | undefined) {
    return this.store.list(workspaceId, limit, cursor);
  }
}
