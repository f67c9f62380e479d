import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable, type LocalDynamo, startDynalite } from '../../infra/local/dynamo';
import { DynamoAccountClaimStore } from '../../shared/adapters/dynamo/account-claim-store';
import { resetDynamo, stageTable } from '../../shared/adapters/dynamo/client';
import { DynamoSocialAccountStore } from '../../shared/adapters/dynamo/social-account-store';
import { resetConfig } from '../../shared/config';
import {
  ClaimingSocialAccountStore,
  STALE_CLAIM_AFTER_MS,
} from '../../shared/services/social/claiming-account-store';
import type { SocialAccount } from '../../shared/services/social/ports';
import { testAccount } from '../support/accounts';

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite(undefined);
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  process.env.TABLE_NAME = 'claims-test';
  resetConfig();
  resetDynamo();
  await ensureTable(dynamo.endpoint, 'claims-test');
});
afterAll(async () => {
  resetDynamo();
  await dynamo.stop();
});

const T0 = Date.parse('2026-11-25T10:00:00.000Z');
const raw = new DynamoSocialAccountStore(stageTable);
const claims = new DynamoAccountClaimStore(stageTable);
const storeAt = (ms: number, accounts = raw) =>
  new ClaimingSocialAccountStore(accounts, claims, () => new Date(ms));
let counter = 0;
const external = () => `ext-${++counter}`;

/** An account store whose next put fails, as a throttled or crashed write would. */
class FailingPut extends DynamoSocialAccountStore {
  override async put(): Promise<void> {
    throw new Error('ProvisionedThroughputExceededException');
  }
}

describe('Class: ClaimingSocialAccountStore', () => {
  describe('Method: put', () => {
    it('claims the external account for the first workspace and refuses it to the next with 409', async () => {
      // Prepare
      const externalId = external();
      const mine = testAccount('ws-a', { externalId });
      const theirs = testAccount('ws-b', { externalId });

      // Act
      await storeAt(T0).put(mine);
      const refused = storeAt(T0).put(theirs);

      // Assess
      await expect(refused).rejects.toMatchObject({ status: 409, code: 'account_already_connected' });
      expect(await raw.get('ws-b', theirs.id)).toBeUndefined();
      expect(await claims.get('instagram', externalId)).toMatchObject({
        workspaceId: 'ws-a',
        accountId: mine.id,
      });
    });

    it('lets one of many concurrent workspaces claim it', async () => {
      // Prepare
      const externalId = external();
      const contenders = Array.from({ length: 8 }, (_, i) => testAccount(`ws-race-${i}`, { externalId }));

      // Act
      const results = await Promise.allSettled(contenders.map((a) => storeAt(T0).put(a)));

      // Assess
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const stored = await Promise.all(contenders.map((a) => raw.get(a.workspaceId, a.id)));
      expect(stored.filter(Boolean)).toHaveLength(1);
    });

    it('undoes a fresh claim when the account write fails, so nothing blocks the next connect', async () => {
      // Prepare
      const externalId = external();

      // Act
      const failed = storeAt(T0, new FailingPut(stageTable)).put(testAccount('ws-a', { externalId }));

      // Assess
      await expect(failed).rejects.toThrow('ProvisionedThroughputExceededException');
      expect(await claims.get('instagram', externalId)).toBeUndefined();
      await expect(storeAt(T0).put(testAccount('ws-b', { externalId }))).resolves.toBeUndefined();
    });

    it('keeps the claim of a reconnect whose account write fails (the account was there before)', async () => {
      // Prepare
      const externalId = external();
      const account = testAccount('ws-a', { externalId });
      await storeAt(T0).put(account);

      // Act
      const failed = storeAt(T0, new FailingPut(stageTable)).put({ ...account, displayName: 'renamed' });

      // Assess
      await expect(failed).rejects.toThrow();
      expect(await claims.get('instagram', externalId)).toMatchObject({ workspaceId: 'ws-a' });
    });

    it('takes over a claim whose account item is gone only once it is older than the in-flight window', async () => {
      // Prepare: a connect that died between its two writes left a claim without an account
      const externalId = external();
      await claims.claim({
        platform: 'instagram',
        externalId,
        workspaceId: 'ws-crashed',
        accountId: 'never-written',
        claimId: 'c-orphan',
        claimedAt: new Date(T0).toISOString(),
      });
      const next = testAccount('ws-b', { externalId });

      // Act
      const tooSoon = storeAt(T0 + STALE_CLAIM_AFTER_MS - 1).put(next);
      const later = storeAt(T0 + STALE_CLAIM_AFTER_MS).put(next);

      // Assess
      await expect(tooSoon).rejects.toMatchObject({ code: 'account_already_connected' });
      await expect(later).resolves.toBeUndefined();
      expect(await claims.get('instagram', externalId)).toMatchObject({
        workspaceId: 'ws-b',
        accountId: next.id,
      });
    });

    it('never takes over an old claim whose account still exists', async () => {
      // Prepare
      const externalId = external();
      await storeAt(T0).put(testAccount('ws-a', { externalId }));

      // Act
      const muchLater = storeAt(T0 + 365 * 24 * 3600_000).put(testAccount('ws-b', { externalId }));

      // Assess
      await expect(muchLater).rejects.toMatchObject({ code: 'account_already_connected' });
    });

    it('frees the previous external account when the same account item now stands for another one', async () => {
      // Prepare: a LinkedIn account first stored pending, then verified as a member
      const pending = testAccount('ws-a', {
        platform: 'linkedin',
        provider: 'linkedin',
        externalId: external(),
      });
      await storeAt(T0).put(pending);
      const member = external();

      // Act
      await storeAt(T0).put({ ...pending, externalId: member });

      // Assess
      expect(await claims.get('linkedin', pending.externalId)).toBeUndefined();
      expect(await claims.get('linkedin', member)).toMatchObject({
        workspaceId: 'ws-a',
        accountId: pending.id,
      });
    });
  });

  describe('Method: remove', () => {
    it('deletes the account, then releases its claim for the next workspace', async () => {
      // Prepare
      const externalId = external();
      const account = testAccount('ws-a', { externalId });
      await storeAt(T0).put(account);

      // Act
      await storeAt(T0).remove('ws-a', account.id);

      // Assess
      expect(await raw.get('ws-a', account.id)).toBeUndefined();
      expect(await claims.get('instagram', externalId)).toBeUndefined();
      await expect(storeAt(T0).put(testAccount('ws-b', { externalId }))).resolves.toBeUndefined();
    });

    it("leaves another workspace's claim alone", async () => {
      // Prepare: ws-a keeps an account item of its own for an external account ws-b owns (stored before claims)
      const externalId = external();
      const owned = testAccount('ws-b', { externalId });
      await storeAt(T0).put(owned);
      const legacy = testAccount('ws-a', { externalId });
      await raw.put(legacy);

      // Act
      await storeAt(T0).remove('ws-a', legacy.id);

      // Assess
      expect(await claims.get('instagram', externalId)).toMatchObject({ workspaceId: 'ws-b' });
    });
  });

  describe('Method: ownerOf', () => {
    it('routes to the claiming account only, and to the oldest of accounts stored before claims existed', async () => {
      // Prepare
      const claimed = external();
      const owner = testAccount('ws-a', { externalId: claimed });
      await storeAt(T0).put(owner);
      await raw.put(testAccount('ws-z', { externalId: claimed, connectedAt: '2020-01-01T00:00:00.000Z' }));
      const unclaimed = external();
      const older: SocialAccount = testAccount('ws-old', {
        externalId: unclaimed,
        connectedAt: '2026-01-01T00:00:00.000Z',
      });
      await raw.put(
        testAccount('ws-new', { externalId: unclaimed, connectedAt: '2026-06-01T00:00:00.000Z' }),
      );
      await raw.put(older);

      // Act
      const routed = await storeAt(T0).ownerOf('instagram', claimed);
      const legacy = await storeAt(T0).ownerOf('instagram', unclaimed);
      const nobody = await storeAt(T0).ownerOf('instagram', external());

      // Assess
      expect(routed).toMatchObject({ workspaceId: 'ws-a', id: owner.id });
      expect(legacy).toMatchObject({ workspaceId: 'ws-old', id: older.id });
      expect(nobody).toBeUndefined();
    });
  });
});
