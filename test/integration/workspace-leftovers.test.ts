import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamo, stageTable, tableName } from '../../shared/adapters/dynamo/client';
import { DynamoMetaUserIndex } from '../../shared/adapters/dynamo/meta-user-index';
import { socialAccountStore } from '../../shared/wiring/social-accounts';
import { tokenVault } from '../../shared/wiring/vault';
import { webhookDispatcher, webhookEvents } from '../../shared/wiring/webhooks';
import { testAccount } from '../support/accounts';
import { signupWithWorkspace } from '../support/api';
import { startTestStage, type TestStage } from '../support/stage';

let stage: TestStage;

beforeAll(async () => {
  stage = await startTestStage({ env: { WEBHOOKS_ALLOW_LOOPBACK: '1' } });
});
afterAll(() => stage.stop());

/** Every stored item that mentions `needle` (a full scan: tests only). */
async function itemsMentioning(needle: string) {
  const found: Array<Record<string, unknown>> = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(new ScanCommand({ TableName: tableName(), ExclusiveStartKey }));
    found.push(...(page.Items ?? []).filter((item) => JSON.stringify(item).includes(needle)));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return found;
}

/** A receiver that holds each request open until the test lets it answer. */
async function holdingReceiver() {
  const held: Array<() => void> = [];
  let requests = 0;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    requests += 1;
    request.resume();
    held.push(() => response.writeHead(200).end('ok'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests: () => requests,
    waitForRequest: async (n: number) => {
      for (let i = 0; i < 500 && requests < n; i++) await new Promise((r) => setTimeout(r, 10));
      expect(requests).toBe(n);
    },
    releaseAll: () => {
      for (const release of held.splice(0)) release();
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('Class: WorkspaceDeletion', () => {
  describe('Method: delete', () => {
    it('leaves nothing of the workspace behind: API keys, webhook endpoints, account claims, Meta user links', async () => {
      // Prepare
      const owner = await signupWithWorkspace(stage.api, 'leftovers');
      const as = { token: owner.accessToken, workspaceId: owner.workspaceId };
      const key = await stage.api.post('/api-keys', { name: 'zap', scope: 'write' }, as);
      expect(key.status).toBe(201);
      const endpoint = await stage.api.post(
        '/webhooks/endpoints',
        { url: 'https://hooks.example.com/flowia', events: ['lead.created'] },
        as,
      );
      expect(endpoint.status).toBe(201);
      const metaUserId = `asid-${randomUUID()}`;
      const account = testAccount(owner.workspaceId, {
        details: { pageId: 'page-1', metaUserId },
        sealedCredentials: await tokenVault().sealJson(
          { workspaceId: owner.workspaceId, provider: 'meta' },
          { accessToken: 'EAAG-test' },
        ),
      });
      await new DynamoMetaUserIndex(stageTable).link(metaUserId, owner.workspaceId, account.id);
      await socialAccountStore().put(account);
      expect((await itemsMentioning(metaUserId)).length).toBeGreaterThan(0);

      // Act
      const deleted = await stage.api.delete(`/workspaces/${owner.workspaceId}`, {
        token: owner.accessToken,
      });

      // Assess
      expect(deleted.status, deleted.text).toBe(204);
      expect(await itemsMentioning(owner.workspaceId)).toEqual([]);
      expect(await itemsMentioning(metaUserId)).toEqual([]);
      expect(await itemsMentioning(account.externalId)).toEqual([]);
      const withKey = await stage.api.get('/leads', { token: key.body.key });
      expect(withKey.status).toBe(401);
      // The external account is free for another workspace at once.
      const other = await signupWithWorkspace(stage.api, 'leftovers-next');
      await socialAccountStore().put({ ...account, id: randomUUID(), workspaceId: other.workspaceId });
    });
  });
});

describe('Class: WebhookService', () => {
  describe('Method: replay', () => {
    it('is refused while an attempt is in flight, so the event is never sent twice at once', async () => {
      // Prepare
      const receiver = await holdingReceiver();
      const owner = await signupWithWorkspace(stage.api, 'replay');
      const as = { token: owner.accessToken, workspaceId: owner.workspaceId };
      expect(
        (await stage.api.post('/webhooks/endpoints', { url: receiver.url, events: ['lead.created'] }, as))
          .status,
      ).toBe(201);
      await webhookEvents().emit(owner.workspaceId, 'lead.created', ['lead-x'], { lead: { id: 'lead-x' } });
      const [delivery] = (await stage.api.get('/webhooks/deliveries', as)).body.items;
      const inFlight = webhookDispatcher().runDue(100);
      await receiver.waitForRequest(1);

      // Act
      const duringFlight = await stage.api.post(`/webhooks/deliveries/${delivery.id}/replay`, undefined, as);
      await webhookDispatcher().runDue(100); // a second run meanwhile finds nothing due
      receiver.releaseAll();
      await inFlight;
      const afterwards = await stage.api.post(`/webhooks/deliveries/${delivery.id}/replay`, undefined, as);
      const resent = webhookDispatcher().runDue(100);
      await receiver.waitForRequest(2);
      receiver.releaseAll();
      await resent;

      // Assess
      expect(duringFlight.status).toBe(409);
      expect(duringFlight.body.error.code).toBe('conflict');
      expect(afterwards.status).toBe(202);
      expect(receiver.requests()).toBe(2);
      const final = (await stage.api.get('/webhooks/deliveries', as)).body.items[0];
      expect(final).toMatchObject({ id: delivery.id, status: 'delivered' });
      expect(final.attempts).toHaveLength(2);
      await receiver.stop();
    });
  });
});
