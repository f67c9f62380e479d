import { expect } from 'vitest';
import type { Role } from '../../shared/domain/workspaces/roles';
import type { ApiClient } from './api';

export interface MailboxItem {
  to: string;
  subject: string;
  text: string;
  links: string[];
  sentAt: string;
}

/** The local stage's simulated mailbox for one address, newest first (GET /_local/mailbox). */
export async function mailboxOf(api: ApiClient, to: string): Promise<MailboxItem[]> {
  const response = await api.get(`/_local/mailbox?to=${encodeURIComponent(to)}`);
  expect(response.status, response.text).toBe(200);
  return response.body.items;
}

/** The token of the newest verification link emailed to `to`. */
export async function verificationTokenOf(api: ApiClient, to: string): Promise<string> {
  for (const mail of await mailboxOf(api, to))
    for (const link of mail.links) {
      const url = new URL(link);
      const token = url.pathname.endsWith('/verify-email') ? url.searchParams.get('token') : null;
      if (token) return token;
    }
  throw new Error(`no verification link in the mailbox of ${to}`);
}

/** Opens the verification link the stage emailed to the user, as the owner of the address would. */
export async function verifyEmail(api: ApiClient, user: { email: string }): Promise<void> {
  const verified = await api.post('/auth/verify-email', {
    token: await verificationTokenOf(api, user.email),
  });
  expect(verified.status, verified.text).toBe(200);
}

/**
 * The whole way into a workspace: an admin invites the address, its owner verifies it (once) from the mailbox,
 * then accepts the invitation signed in.
 */
export async function joinWorkspace(
  api: ApiClient,
  admin: { accessToken: string; workspaceId: string },
  member: { email: string; accessToken: string },
  role: Role = 'member',
): Promise<void> {
  const invited = await api.post(
    `/workspaces/${admin.workspaceId}/members`,
    { email: member.email, role },
    { token: admin.accessToken },
  );
  expect(invited.status, invited.text).toBe(202);
  const me = await api.get('/auth/me', { token: member.accessToken });
  if (!me.body.user.emailVerified) await verifyEmail(api, member);
  const accepted = await api.post(`/invitations/${invited.body.invitationId}/accept`, undefined, {
    token: member.accessToken,
  });
  expect(accepted.status, accepted.text).toBe(200);
}
