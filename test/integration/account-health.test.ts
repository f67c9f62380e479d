import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stageTable } from '../../shared/adapters/dynamo/client';
import { DynamoNotificationStore } from '../../shared/adapters/dynamo/notification-store';
import { DynamoSocialAccountStore } from '../../shared/adapters/dynamo/social-account-store';
import { AccountHealthService } from '../../shared/services/account-health/account-health-service';
import { NotificationService } from '../../shared/services/notifications/notification-service';
import { testAccount } from '../support/accounts';
import { signup, signupWithWorkspace } from '../support/api';
import { startTestStage, type TestStage } from '../support/stage';

let stage: TestStage;
beforeAll(async () => {
  stage = await startTestStage();
});
afterAll(() => stage.stop());

const accounts = new DynamoSocialAccountStore(stageTable);
const at = (iso: string) => () => new Date(iso);
const healthAt = (iso: string) =>
  new AccountHealthService(
    accounts,
    new NotificationService(new DynamoNotificationStore(stageTable), at(iso)),
    at(iso),
  );

describe('Class: AccountHealthService', () => {
  it('moves an account to needs_reconnect, and tells the workspace once per outage', async () => {
    const owner = await signupWithWorkspace(stage.api, 'health');
    const account = testAccount(owner.workspaceId);
    await accounts.put(account);
    const health = healthAt('2026-11-25T10:00:00Z');

    await health.markNeedsReconnect(account, 'Instagram says the access token has expired.');
    await health.markNeedsReconnect(account, 'Instagram says the access token has expired.');

    const stored = await accounts.get(owner.workspaceId, account.id);
    expect(stored).toMatchObject({
      status: 'needs_reconnect',
      lastError: 'Instagram says the access token has expired.',
    });
    const list = await stage.api.get('/notifications', {
      token: owner.accessToken,
      workspaceId: owner.workspaceId,
    });
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({
      kind: 'account_needs_reconnect',
      accountId: account.id,
      readAt: null,
    });
    expect(list.body.items[0].body).toContain('access token has expired');
  });

  it('warns 7 days ahead of a known expiry, once per expiry date', async () => {
    const owner = await signupWithWorkspace(stage.api, 'expiry');
    const soon = testAccount(owner.workspaceId, { tokenExpiresAt: '2026-11-30T00:00:00.000Z' });
    const later = testAccount(owner.workspaceId, { tokenExpiresAt: '2027-01-30T00:00:00.000Z' });
    await accounts.put(soon);
    await accounts.put(later);
    const health = healthAt('2026-11-25T10:00:00Z');

    await health.warnExpiringTokens();
    await health.warnExpiringTokens();

    const list = await stage.api.get('/notifications', {
      token: owner.accessToken,
      workspaceId: owner.workspaceId,
    });
    expect(list.body.items.map((n: { kind: string; accountId: string }) => [n.kind, n.accountId])).toEqual([
      ['token_expiring', soon.id],
    ]);
    expect(list.body.items[0].title).toContain('5 day(s)');
  });
});

describe('Routes: /notifications', () => {
  it('lists newest first, filters unread, marks read, and keeps workspaces apart', async () => {
    const owner = await signupWithWorkspace(stage.api, 'notif');
    const outsider = await signupWithWorkspace(stage.api, 'outsider');
    const first = testAccount(owner.workspaceId, { connectedAt: '2026-11-01T00:00:00.000Z' });
    const second = testAccount(owner.workspaceId, { connectedAt: '2026-11-02T00:00:00.000Z' });
    await accounts.put(first);
    await accounts.put(second);
    await healthAt('2026-11-25T10:00:00Z').markNeedsReconnect(first, 'first.');
    await healthAt('2026-11-25T11:00:00Z').markPaused(second, 'LinkedIn asks for a security check.');
    const auth = { token: owner.accessToken, workspaceId: owner.workspaceId };

    const all = await stage.api.get('/notifications', auth);
    expect(all.body.items.map((n: { kind: string }) => n.kind)).toEqual([
      'account_paused',
      'account_needs_reconnect',
    ]);
    const id = all.body.items[0].id;
    expect((await stage.api.post(`/notifications/${id}/read`, undefined, auth)).status).toBe(204);
    const unread = await stage.api.get('/notifications?unread=true', auth);
    expect(unread.body.items.map((n: { kind: string }) => n.kind)).toEqual(['account_needs_reconnect']);
    const paged = await stage.api.get('/notifications?limit=1', auth);
    expect(paged.body.items).toHaveLength(1);
    const next = await stage.api.get(`/notifications?limit=1&cursor=${paged.body.nextCursor}`, auth);
    expect(next.body.items[0].id).not.toBe(paged.body.items[0].id);

    // The outsider sees nothing, cannot mark the owner's notification, and cannot reuse the owner's cursor.
    const theirs = { token: outsider.accessToken, workspaceId: outsider.workspaceId };
    expect((await stage.api.get('/notifications', theirs)).body.items).toEqual([]);
    expect((await stage.api.post(`/notifications/${id}/read`, undefined, theirs)).status).toBe(404);
    expect((await stage.api.get(`/notifications?cursor=${paged.body.nextCursor}`, theirs)).status).toBe(400);
    expect(
      (await stage.api.get('/notifications', { token: outsider.accessToken, workspaceId: owner.workspaceId }))
        .status,
    ).toBe(403);
  });

  it('validates the query and the id', async () => {
    const user = await signupWithWorkspace(stage.api, 'nval');
    const auth = { token: user.accessToken, workspaceId: user.workspaceId };
    expect((await stage.api.get('/notifications?limit=0', auth)).status).toBe(400);
    expect((await stage.api.post('/notifications/..%2F/read', undefined, auth)).status).toBe(400);
    const noHeader = await stage.api.get('/notifications', {
      token: (await signup(stage.api, 'nh')).accessToken,
    });
    expect(noHeader.status).toBe(400);
    expect(noHeader.body.error.details[0].path).toBe('headers.x-workspace-id');
  });
});
