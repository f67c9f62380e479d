import type { AuditEntry } from '../../domain/audit/audit-entry';

/** Append-only: entries are added and listed, never changed or removed (only with their workspace). */
export interface AuditStore {
  /** Adds the entry; an entry with the same id is left as it was (a retried write adds nothing). */
  append(entry: AuditEntry): Promise<void>;
  /** Newest first. */
  list(
    workspaceId: string,
    limit: number,
    cursor: string | undefined,
  ): Promise<{ items: AuditEntry[]; nextCursor: string | null }>;
}
