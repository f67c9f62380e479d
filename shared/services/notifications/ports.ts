export const NOTIFICATION_KINDS = [
  'account_needs_reconnect',
  'account_paused',
  'token_expiring',
  'delivery_failed',
  'quota_reached',
  'crm_sync_failed',
  'billing_duplicate_subscription',
  'integration_needs_reconnect',
  'conversation_handover',
  'erasure_request',
  'erasure_incomplete',
  'ai_budget_warning',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface Notification {
  id: string;
  workspaceId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  accountId: string | null;
  /** The contact it is about, if any: erasing the contact (DELETE /leads/{id}) deletes its notifications. */
  leadId: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationStore {
  /** Stores the notification unless one with the same dedupe key exists; false when it was a repeat. */
  putOnce(notification: Notification, dedupeKey: string): Promise<boolean>;
  list(
    workspaceId: string,
    options: { unreadOnly: boolean; limit: number; cursor?: string | undefined },
  ): Promise<{ items: Notification[]; nextCursor: string | null }>;
  /** Marks read; false when the notification does not exist in this workspace. */
  markRead(workspaceId: string, id: string, at: string): Promise<boolean>;
}
