/** What the audit log records (issue 25 item 4): who did what to a workspace, never the data itself. */
export const AUDIT_ACTIONS = [
  'member.invited',
  'member.added',
  'member.removed',
  'invitation.revoked',
  'account.connected',
  'account.disconnected',
  'plan.changed',
  'workspace.updated',
  'lead.exported',
  'leads.exported',
  'lead.erased',
  'api_key.created',
  'api_key.revoked',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * Who acted: a person (`user`, their user id), a workspace API key (`api_key`, its id), or a provider acting on its
 * own (`stripe` for a plan change by a subscription event, `meta` for a deauthorization).
 */
export interface AuditActor {
  type: 'user' | 'api_key' | 'stripe' | 'meta';
  id: string;
}

export interface AuditEntry {
  id: string;
  workspaceId: string;
  at: string;
  actor: AuditActor;
  action: AuditAction;
  /** What was acted on: a member, an account, an API key, a lead… by id. */
  target: { type: string; id: string };
  /** Small facts about the change (a role, a plan, a count), never a message or a secret. */
  details: Record<string, string | number | boolean | null>;
}

/** The actor of an HTTP request: API keys act as `apikey:<id>` (see AuthIdentity). */
export function actorOf(auth: { userId: string; apiKey?: { id: string } | undefined }): AuditActor {
  return auth.apiKey ? { type: 'api_key', id: auth.apiKey.id } : { type: 'user', id: auth.userId };
}
