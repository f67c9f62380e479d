import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamo, stageTable, tableName } from '../../shared/adapters/dynamo/client';
import * as keys from '../../shared/adapters/dynamo/keys';
import { DynamoTraceStore } from '../../shared/adapters/dynamo/trace-store';
import { leadIdOf } from '../../shared/domain/leads/lead';
import { signup, signupWithWorkspace } from '../support/api';
import {
  connectInstagram,
  incoming,
  RecordingProvider,
  startWorkflowStage,
  type WorkflowStage,
} from '../support/engine';
import { joinWorkspace } from '../support/members';

const DAY = 86_400_000;
let stage: WorkflowStage;
const provider = new RecordingProvider();

beforeAll(async () => {
  stage = await startWorkflowStage({ provider });
});
afterAll(() => stage.stop());

/** One person's DMs at the given ages (days before now), in a workspace with no scenario (nothing is sent). */
async function conversation(name: string, agesInDays: number[]) {
  const owner = await signupWithWorkspace(stage.api, name);
  const as = { token: owner.accessToken, workspaceId: owner.workspaceId };
  const account = await connectInstagram(owner.workspaceId);
  const first = incoming(account, { kind: 'dm' });
  const messages = agesInDays.map((age, i) => ({
    ...first,
    text: `message ${age} days old`,
    platformMessageId: `${first.platformMessageId}-${i}`,
    dedupeKey: `${first.dedupeKey}-${i}`,
    occurredAt: new Date(Date.now() - age * DAY).toISOString(),
  }));
  for (const message of messages) await stage.process(message);
  const leadId = leadIdOf(owner.workspaceId, 'instagram', first.author.platformUserId);
  return { owner, as, messages, leadId };
}

const texts = (items: Array<{ text: string }>) => items.map((item) => item.text);

describe('Feature: retention of raw interactions', () => {
  it('stamps each interaction and its dedupe marker with the workspace retention as TTL (12 months by default)', async () => {
    // Prepare
    const { owner, as, messages, leadId } = await conversation('stamp', [0]);
    const message = messages[0]!;

    // Act
    const workspace = await stage.api.get(`/workspaces/${owner.workspaceId}`, as);
    const interaction = await dynamo().send(
      new GetCommand({
        TableName: tableName(),
        Key: keys.interaction(owner.workspaceId, leadId, message.occurredAt, message.dedupeKey),
      }),
    );
    const dedupe = await dynamo().send(
      new GetCommand({
        TableName: tableName(),
        Key: keys.interactionDedupe(owner.workspaceId, message.dedupeKey),
      }),
    );

    // Assess
    expect(workspace.body.interactionRetentionMonths).toBe(12);
    const expected = new Date(message.occurredAt);
    expected.setUTCFullYear(expected.getUTCFullYear() + 1);
    const expectedTtl = Math.floor(expected.getTime() / 1000);
    // Within a day of a calendar year: a 29 February shifts it by one.
    expect(Math.abs(Number(interaction.Item?.ttl) - expectedTtl)).toBeLessThanOrEqual(86_400);
    expect(dedupe.Item?.ttl).toBe(interaction.Item?.ttl);
  });

  it('leaves expired interactions out of the lead history, the thread and the export, following the setting', async () => {
    // Prepare
    const { owner, as, leadId } = await conversation('expire', [400, 40, 0]);

    // Act
    const byDefault = {
      history: (await stage.api.get(`/leads/${leadId}`, as)).body.history,
      thread: (await stage.api.get(`/conversations/${leadId}`, as)).body.messages,
      export: (await stage.api.get(`/leads/${leadId}/export`, as)).body.interactions,
    };
    const patched = await stage.api.patch(
      `/workspaces/${owner.workspaceId}`,
      { interactionRetentionMonths: 1 },
      as,
    );
    const oneMonth = {
      history: (await stage.api.get(`/leads/${leadId}`, as)).body.history,
      thread: (await stage.api.get(`/conversations/${leadId}`, as)).body.messages,
      export: (await stage.api.get(`/leads/${leadId}/export`, as)).body.interactions,
    };

    // Assess
    for (const items of Object.values(byDefault))
      expect(texts(items)).toEqual(['message 40 days old', 'message 0 days old']);
    expect(patched.status).toBe(200);
    expect(patched.body.interactionRetentionMonths).toBe(1);
    for (const items of Object.values(oneMonth)) expect(texts(items)).toEqual(['message 0 days old']);
  });

  it('is an admin setting, bounded, and scoped to the workspace', async () => {
    // Prepare
    const owner = await signupWithWorkspace(stage.api, 'bounds');
    const other = await signupWithWorkspace(stage.api, 'other');
    const member = await signup(stage.api, 'member');
    await joinWorkspace(stage.api, owner, member, 'member');
    const as = { token: owner.accessToken };

    // Act
    const zero = await stage.api.patch(
      `/workspaces/${owner.workspaceId}`,
      { interactionRetentionMonths: 0 },
      as,
    );
    const tooLong = await stage.api.patch(
      `/workspaces/${owner.workspaceId}`,
      { interactionRetentionMonths: 61 },
      as,
    );
    const fraction = await stage.api.patch(
      `/workspaces/${owner.workspaceId}`,
      { interactionRetentionMonths: 1.5 },
      as,
    );
    const byMember = await stage.api.patch(
      `/workspaces/${owner.workspaceId}`,
      { interactionRetentionMonths: 1 },
      { token: member.accessToken },
    );
    const byOther = await stage.api.patch(
      `/workspaces/${owner.workspaceId}`,
      { interactionRetentionMonths: 1 },
      { token: other.accessToken },
    );

    // Assess
    for (const response of [zero, tooLong, fraction]) {
      expect(response.status).toBe(400);
      expect(response.body.error.details[0].path).toBe('interactionRetentionMonths');
    }
    expect(byMember.status).toBe(403);
    expect(byOther.status).toBe(403);
    expect(
      (await stage.api.get(`/workspaces/${owner.workspaceId}`, as)).body.interactionRetentionMonths,
    ).toBe(12);
  });
});

describe('Class: DynamoTraceStore', () => {
  describe('Method: read', () => {
    it('keeps traces 30 days: shown before, left out after, whatever dynalite still holds', async () => {
      // Prepare: the trace shares the DEDUPE item with the done marker, whose TTL is the workspace's 12 months
      const { owner, messages } = await conversation('traces', [0]);
      const dedupeKey = messages[0]!.dedupeKey;
      const { Items: older } = await dynamo().send(
        new QueryCommand({
          TableName: tableName(),
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: {
            ':pk': keys.ws(owner.workspaceId),
            ':prefix': keys.tracePrefix(dedupeKey),
          },
        }),
      );
      const { Item } = await dynamo().send(
        new GetCommand({
          TableName: tableName(),
          Key: keys.interactionDedupe(owner.workspaceId, dedupeKey),
        }),
      );
      const lastStepAt = Number(Item?.traceTtl) * 1000 - 30 * DAY;

      // Act
      const at29Days = await new DynamoTraceStore(stageTable, () => new Date(lastStepAt + 29 * DAY)).read(
        owner.workspaceId,
        dedupeKey,
      );
      const at30Days = await new DynamoTraceStore(stageTable, () => new Date(lastStepAt + 30 * DAY)).read(
        owner.workspaceId,
        dedupeKey,
      );
      const recentLater = await new DynamoTraceStore(
        stageTable,
        () => new Date(lastStepAt + 31 * DAY),
      ).recent(owner.workspaceId);

      // Assess: one item for the marker and the trace; it outlives the trace (a redelivery months later is still
      // recognised), and the trace's reads follow the trace's own 30 days, not the item's TTL
      expect(older).toEqual([]);
      expect(Item?.state).toBe('done');
      expect(Number(Item?.ttl)).toBeGreaterThan(Number(Item?.traceTtl) + (300 * DAY) / 1000);
      expect(at29Days.map((s) => s.step)).toContain('LogInteraction');
      expect(at30Days).toEqual([]);
      expect(recentLater).toEqual([]);
    });
  });
});
