import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as followUps } from '../../functions/schedules/follow-ups';
import { InProcessPublisher } from '../../infra/local/adapters/in-process-queues';
import { localWorkflow, workflowPlugin } from '../../infra/local/workflow-plugin';
import { stageTable } from '../../shared/adapters/dynamo/client';
import { DynamoFollowUpStore } from '../../shared/adapters/dynamo/follow-up-store';
import { keys } from '../../shared/adapters/dynamo/keys';
import { deleteKeys, queryAll } from '../../shared/adapters/dynamo/queries';
import { DynamoQuotaStore } from '../../shared/adapters/dynamo/quota-store';
import type { IncomingMessageInput } from '../../shared/domain/messages/incoming-message';
import { QuotaService } from '../../shared/services/quota/quota-service';
import { registerProvider } from '../../shared/wiring/providers';
import { signupWithWorkspace } from '../support/api';
import { connectInstagram, incoming, RecordingProvider } from '../support/engine';
import { startTestStage, type TestStage } from '../support/stage';

let stage: TestStage;
const provider = new RecordingProvider();

beforeAll(async () => {
  registerProvider('meta', () => provider);
  stage = await startTestStage({
    plugins: [workflowPlugin({ retryIntervalMs: 5, redeliveryDelayMs: () => 20 })],
  });
});
afterAll(() => stage.stop());

async function process(...messages: IncomingMessageInput[]) {
  await new InProcessPublisher().publish(
    'incomingMessages',
    messages.map((body, i) => ({ id: String(i), body })),
  );
  await localWorkflow().idle();
}

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

    await process(message);

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
    await process(message);
    const stop = incoming(account, { kind: 'dm', text: 'STOP' });
    await process({ ...stop, author: message.author });
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
});
