import { randomBytes } from 'node:crypto';
import { NotFoundError } from '../../errors';
import type { Notification, NotificationKind, NotificationStore } from './ports';

export interface NotifyInput {
  kind: NotificationKind;
  title: string;
  body: string;
  accountId?: string | null;
  leadId?: string | null;
  /**
   * Same key, one notification: e.g. `token_expiring:<account>:<expiry>` warns once per expiry, however often the
   * schedule runs; `needs_reconnect:<account>:<since>` once per outage.
   */
  dedupeKey: string;
}

/** What the user sees about problems they must act on (GET /notifications). */
export class NotificationService {
  constructor(
    private readonly store: NotificationStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async notify(workspaceId: string, input: NotifyInput): Promise<boolean> {
    const notification: Notification = {
      id: sortableId(this.now()),
      workspaceId,
      kind: input.kind,
      title: input.title,
      body: input.body,
      accountId: input.accountId ?? null,
      leadId: input.leadId ?? null,
      createdAt: this.now().toISOString(),
      readAt: null,
    };
    return this.store.putOnce(notification, input.dedupeKey);
  }

  list(workspaceId: string, options: { unreadOnly: boolean; limit: number; cursor?: string | undefined }) {
    return this.store.list(workspaceId, options);
  }

  async markRead(workspaceId: string, id: string): Promise<void> {
    if (!(await this.store.markRead(workspaceId, id, this.now().toISOString())))
      throw new NotFoundError('Notification not found.');
  }
}

/** Milliseconds in fixed-width base 36, then randomness: ids sort by creation time and never collide. */
export function sortableId(at: Date): string {
  return `${at.getTime().toString(36).padStart(9, '0')}${randomBytes(6).toString('hex')}`;
}
