import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as followUps } from '../../functions/schedules/follow-ups';
import { stageTable } from '../../shared/adapters/dynamo/client';
import { DynamoFollowUpStore } from '../../shared/adapters/dynamo/follow-up-store';
import * as keys from '../../shared/adapters/dynamo/keys';
import { deleteKeys, queryAll } from '../../shared/adapters/dynamo/queries';
import { DynamoQuotaStore } from '../../shared/adapters/dynamo/quota-store';
import { QuotaService } from '../../shared/services/quota/quota-service';
import { signupWithWorkspace } from '../support/api';
import {
  connectInstagram,
  incoming,
  RecordingProvider,
  startWorkflowStage,
  type WorkflowStage,
} from '../support/engine';

let stage: WorkflowStage;
const provider = new RecordingProvider();

beforeAll(async () => {
  stage = await startWorkflowStage({ provider, workflow: { concurrency: 3, maxReceiveCount: 5 } });
});
afterAll(() => stage.stop());

const followUpItems = (workspaceId: string) =>
  queryAll(stageTable, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.ws(workspaceId), ':prefix': 'FOLLOWUP#' },
    ConsistentRead: true,
  });

describe('Schedule: follow-ups', () => {
  it('sends a deferred answer once the quota has reset, once, through the same send path', async () => {
    const owner = await signupWithWorkspace(stage.api, 'fu');
    const as = { token: owner.accessToken, workspaceId: owner.workspaceId };
    await stage.api.post(
      '/scenarios',
      { name: 'Prix', keywords: ['prix'], action: 'private_reply', message: 'Merci {{firstName}} !' },
      as,
    );
    const account = await connectInstagram(owner.workspaceId);
    const today = new QuotaService(new DynamoQuotaStore(stageTable));
    for (let i = 0; i < 10; i++)
      await today.consumeDm({ id: owner.workspaceId, plan: 'freemium', timezone: 'Europe/Paris' });
    const message = incoming(account);

    await stage.process(message);

    expect(provider.sentTo(message.author.platformUserId)).toHaveLength(0);
    const [scheduled] = await followUpItems(owner.workspaceId);
    expect(scheduled).toMatchObject({
      status: 'scheduled',
      action: 'private_reply',
      dedupeKey: message.dedupeKey,
    });
    // Not due yet: the schedule leaves it alone.
    expect(await followUps({})).toMatchObject({ sent: 0 });

    // The quota day turns over: the follow-up is due and the day's counter starts again.
    await new DynamoFollowUpStore(stageTable).reschedule(
      scheduled as never,
      new Date(Date.now() - 1000).toISOString(),
      'due',
    );
    const { day } = await today.consumeDm({ id: owner.workspaceId, plan: 'ultra', timezone: 'Europe/Paris' });
    await deleteKeys(stageTable, [keys.quotaDay(owner.workspaceId, day)]);
    const first = await followUps({});
    const second = await followUps({});

    expect(first).toMatchObject({ sent: 1 });
    expect(second).toMatchObject({ sent: 0 });
    expect(provider.sentTo(message.author.platformUserId)).toHaveLength(1);
    expect(provider.sentTo(message.author.platformUserId)[0]!.message.text).toBe('Merci Marie !');
    expect((await followUpItems(owner.workspaceId))[0]).toMatchObject({ status: 'sent' });
    expect(
      (await today.usage({ id: owner.workspaceId, plan: 'freemium', timezone: 'Europe/Paris' })).dmSentToday,
    ).toBe(1);
  });

  it('never sends a deferred answer to a person who wrote STOP meanwhile', async () => {
    // Prepare
    const owner = await signupWithWorkspace(stage.api, 'fustop');
    const as = { token: owner.accessToken, workspaceId: owner.workspaceId };
    await stage.api.post(
      '/scenarios',
      { name: 'Prix', keywords: ['prix'], action: 'private_reply', message: 'Merci {{firstName}} !' },
      as,
    );
    const account = await connectInstagram(owner.workspaceId);
    const today = new QuotaService(new DynamoQuotaStore(stageTable));
    for (let i = 0; i < 10; i++)
      await today.consumeDm({ id: owner.workspaceId, plan: 'freemium', timezone: 'Europe/Paris' });
    const message = incoming(account);
    await stage.process(message);
    const stop = incoming(account, { kind: 'dm', text: 'STOP' });
    await stage.process({ ...stop, author: message.author });
    const [scheduled] = await followUpItems(owner.workspaceId);
    await new DynamoFollowUpStore(stageTable).reschedule(
      scheduled as never,
      new Date(Date.now() - 1000).toISOString(),
      'due',
    );
    const { day } = await today.consumeDm({ id: owner.workspaceId, plan: 'ultra', timezone: 'Europe/Paris' });
    await deleteKeys(stageTable, [keys.quotaDay(owner.workspaceId, day)]);

    // Act
    const report = await followUps({});

    // Assess
    expect(report).toMatchObject({ sent: 0, expired: 1 });
    expect(provider.sentTo(message.author.platformUserId)).toHaveLength(0);
    expect((await followUpItems(owner.workspaceId))[0]).toMatchObject({ status: 'expired' });
    expect((await followUpItems(owner.workspaceId))[0]?.reason).toContain('opted out');
  });

  it('follows up every action that waits for the quota, each once, under its own send key', async () => {
    // Prepare: a DM scenario that answers with two messages, on a day whose 10 DMs are used up.
    const owner = await signupWithWorkspace(stage.api, 'futwo');
    const as = { token: owner.accessToken, workspaceId: owner.workspaceId };
    const created = await stage.api.post(
      '/scenarios',
      {
        name: 'Prix',
        trigger: 'dm',
        keywords: ['prix'],
        actions: [
          { action: 'reply', message: 'Merci {{firstName}} !' },
          {
            action: 'reply',
            message: 'Que veux-tu voir ?',
            buttons: [{ type: 'postback', title: 'Les prix', payload: 'PRICES' }],
          },
        ],
      },
      as,
    );
    expect(created.status).toBe(201);
    const account = await connectInstagram(owner.workspaceId);
    const today = new QuotaService(new DynamoQuotaStore(stageTable));
    for (let i = 0; i < 10; i++)
      await today.consumeDm({ id: owner.workspaceId, plan: 'freemium', timezone: 'Europe/Paris' });
    const message = incoming(account, { kind: 'dm' });
    await stage.process(message);
    const scheduled = await followUpItems(owner.workspaceId);
    expect(scheduled.map((f) => [f.dedupeKey, (f.step as { keySuffix: string }).keySuffix])).toEqual(
      expect.arrayContaining([
        [message.dedupeKey, 'reply'],
        [`${message.dedupeKey}#reply#2`, 'reply#2'],
      ]),
    );
    expect(scheduled).toHaveLength(2);
    for (const item of scheduled)
      await new DynamoFollowUpStore(stageTable).reschedule(
        item as never,
        new Date(Date.now() - 1000).toISOString(),
        'due',
      );
    const { day } = await today.consumeDm({ id: owner.workspaceId, plan: 'ultra', timezone: 'Europe/Paris' });
    await deleteKeys(stageTable, [keys.quotaDay(owner.workspaceId, day)]);

    // Act
    const first = await followUps({});
    const second = await followUps({});
    await stage.process(message);

    // Assess
    expect(first).toMatchObject({ sent: 2 });
    expect(second).toMatchObject({ sent: 0 });
    const sent = provider.sentTo(message.author.platformUserId);
    expect(sent.map((s) => [s.message.idempotencyKey, s.message.content?.buttons.length ?? 0])).toEqual(
      expect.arrayContaining([
        [`${message.dedupeKey}#reply`, 0],
        [`${message.dedupeKey}#reply#2`, 1],
      ]),
    );
    expect(sent).toHaveLength(2);
  });
});
