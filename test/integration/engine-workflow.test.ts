import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localWorkflow } from '../../infra/local/workflow-plugin';
import { stageTable } from '../../shared/adapters/dynamo/client';
import { DynamoInteractionStore } from '../../shared/adapters/dynamo/interaction-store';
import * as keys from '../../shared/adapters/dynamo/keys';
import { DynamoLeadWriter } from '../../shared/adapters/dynamo/lead-writer';
import { queryAll } from '../../shared/adapters/dynamo/queries';
import { DynamoSendRecordStore } from '../../shared/adapters/dynamo/send-record-store';
import { DynamoTraceStore } from '../../shared/adapters/dynamo/trace-store';
import { leadIdOf } from '../../shared/domain/leads/lead';
import type { IncomingMessageInput } from '../../shared/domain/messages/incoming-message';
import { parseIncomingMessage } from '../../shared/services/engine/incoming-message-parser';
import type { TraceEntry } from '../../shared/services/engine/ports';
import { idempotencyKeyOf } from '../../shared/services/engine/workflow-state';
import { quotaService } from '../../shared/wiring/quota';
import { retentionPolicy } from '../../shared/wiring/retention';
import { signupWithWorkspace } from '../support/api';
import {
  connectInstagram,
  failures,
  incoming,
  RecordingProvider,
  startWorkflowStage,
  type WorkflowStage,
} from '../support/engine';

let stage: WorkflowStage;
const provider = new RecordingProvider();
const leads = new DynamoLeadWriter(stageTable);
const traces = new DynamoTraceStore(stageTable);

beforeAll(async () => {
  stage = await startWorkflowStage({ provider, workflow: { concurrency: 3 } });
});
afterAll(() => stage.stop());

async function shop(
  scenario: Record<string, unknown> | null = {
    name: 'Prix',
    keywords: ['prix'],
    action: 'private_reply',
    message: 'Merci {{firstName}} ! Le prix est en message privé.',
  },
) {
  const owner = await signupWithWorkspace(stage.api, 'shop');
  if (scenario) {
    const created = await stage.api.post('/scenarios', scenario, {
      token: owner.accessToken,
      workspaceId: owner.workspaceId,
    });
    expect(created.status).toBe(201);
  }
  const account = await connectInstagram(owner.workspaceId);
  return { owner, account };
}

const interactionsOf = (workspaceId: string) =>
  queryAll(stageTable, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.ws(workspaceId), ':prefix': 'INTERACTION#' },
    ConsistentRead: true,
  });

const leadOf = (message: IncomingMessageInput) =>
  leads.get(message.workspaceId, leadIdOf(message.workspaceId, 'instagram', message.author.platformUserId));

const usage = (workspaceId: string) =>
  quotaService().usage({ id: workspaceId, plan: 'freemium', timezone: 'Europe/Paris' });

describe('Workflow: message processing (local stage, same ASL as AWS)', () => {
  it('logs the interaction once, scores the lead with its phone, and sends the scenario reply once', async () => {
    const { account } = await shop();
    const message = incoming(account);

    await stage.process(message);

    const interactions = await interactionsOf(account.workspaceId);
    expect(interactions).toHaveLength(1);
    expect(interactions[0]).toMatchObject({
      decision: 'private_reply',
      sendStatus: 'sent',
      text: message.text,
    });
    const lead = await leadOf(message);
    expect(lead).toMatchObject({
      phone: '+33612345678',
      interactionCount: 1,
      status: 'contacted',
      lastDeliveryError: null,
    });
    expect(lead!.score).toBeGreaterThanOrEqual(55);
    expect(lead!.scoreFactors.map((f) => f.factor)).toEqual(
      expect.arrayContaining(['price_question', 'phone_given']),
    );
    const sent = provider.sentTo(message.author.platformUserId);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.message).toMatchObject({
      action: 'private_reply',
      text: 'Merci Marie ! Le prix est en message privé.',
      recipient: { commentId: message.platformMessageId },
    });
    expect((await usage(account.workspaceId)).dmSentToday).toBe(1);
  });

  it('reads a trace item written in the earlier layout, and one updated across the change, step by step', async () => {
    // Prepare: an item as the previous layout wrote it (step_<Step> beside full attempts), then a later attempt of
    // the same step and a new step recorded by the current code on the same item.
    const workspaceId = 'ws-trace-layouts';
    const dedupeKey = 'instagram:message:m-layout';
    // Relative to the real clock: reads leave out traces past their 30-day TTL.
    const base = Date.now();
    const at = (ms: number) => new Date(base + ms).toISOString();
    const old = (step: string, when: string, decision: string) => ({
      [`step_${step}`]: {
        step,
        durationMs: 7,
        input: { platform: 'instagram', textPreview: 'old' },
        decision,
        reason: 'old reason',
        error: null,
      },
      [`attempt_${step}_00000000-0000-4000-8000-${step.length.toString().padStart(12, '0')}`]: {
        at: when,
        durationMs: 7,
        decision,
        reason: 'old reason',
        error: null,
        correlationId: 'corr-old',
      },
    });
    await stageTable.client.send(
      new PutCommand({
        TableName: stageTable.tableName,
        Item: {
          ...keys.traceOf(workspaceId, dedupeKey),
          type: 'trace',
          dedupeKey,
          correlationId: 'corr-old',
          ...old('LogInteraction', at(0), 'logged'),
          ...old('CheckPlan', at(100), 'freemium'),
        },
      }),
    );
    const entry = (step: string, when: string, decision: string): TraceEntry => ({
      workspaceId,
      dedupeKey,
      correlationId: 'corr-new',
      step,
      attemptId: `new${step.length}`,
      at: when,
      durationMs: 3,
      message: { platform: 'instagram', textPreview: 'new' },
      input: step === 'MatchScenario' ? { plan: 'freemium 0/10' } : {},
      decision,
      reason: null,
      error: null,
    });

    // Act
    await traces.record([entry('CheckPlan', at(200), 'premium'), entry('MatchScenario', at(300), 'dm')]);
    const steps = await traces.read(workspaceId, dedupeKey);

    // Assess: the untouched old step as it was; the retried one from its newest attempt; the new one whole.
    expect(steps.map((s) => [s.step, s.decision, s.attemptCount])).toEqual([
      ['LogInteraction', 'logged', 1],
      ['CheckPlan', 'premium', 2],
      ['MatchScenario', 'dm', 1],
    ]);
    expect(steps[0]).toMatchObject({
      input: { textPreview: 'old' },
      reason: 'old reason',
      correlationId: 'corr-old',
    });
    expect(steps[1]).toMatchObject({
      input: { platform: 'instagram', textPreview: 'new' },
      reason: null,
      durationMs: 3,
    });
    expect(steps[1]!.attempts.map((a) => a.decision)).toEqual(['freemium', 'premium']);
    expect(steps[2]).toMatchObject({ input: { textPreview: 'new', plan: 'freemium 0/10' }, error: null });
  });

  it('records a trace entry per step, with decisions and reasons and no secret', async () => {
    const { account } = await shop();
    const message = incoming(account);
    await stage.process(message);

    const steps = await traces.read(account.workspaceId, message.dedupeKey);
    expect(steps.map((s) => s.step)).toEqual([
      'LogInteraction',
      'CheckPlan',
      'MatchScenario',
      'Decide',
      'GenerateReply',
      'Send',
      'UpdateLead',
      'SyncCrm',
      'Complete',
    ]);
    const decide = steps.find((s) => s.step === 'Decide')!;
    expect(decide).toMatchObject({
      decision: 'private_reply',
      correlationId: message.correlationId,
      attemptCount: 1,
    });
    expect(decide.reason).toContain('matched "prix"');
    expect(JSON.stringify(steps)).not.toContain('EAAG-test');
  });

  it('replayed N times, also concurrently, logs one interaction and sends one DM', async () => {
    const { account } = await shop();
    const message = incoming(account);

    await stage.process(message, message, message, message, message);
    await stage.process(message, message);

    expect(await interactionsOf(account.workspaceId)).toHaveLength(1);
    expect(provider.sentTo(message.author.platformUserId)).toHaveLength(1);
    expect((await leadOf(message))!.interactionCount).toBe(1);
    expect((await usage(account.workspaceId)).dmSentToday).toBe(1);
    expect(await localWorkflow().deadLetters()).toEqual([]);
  });

  it('finishes a delivery that stopped right after its interaction was written, and only then marks it done', async () => {
    // Prepare: what a delivery that crashed after LogInteraction's first write leaves (the interaction, no marker)
    const { account } = await shop();
    const message = incoming(account);
    const interactions = new DynamoInteractionStore(stageTable, retentionPolicy());
    const parsed = parseIncomingMessage(message);
    const leadId = leadIdOf(message.workspaceId, 'instagram', message.author.platformUserId);
    expect(await interactions.putInteraction(parsed, leadId, '2026-01-01T00:00:00.000Z')).toBe(true);
    expect(await interactions.dedupeState(message.workspaceId, message.dedupeKey)).toBeUndefined();

    // Act
    await stage.process(message);
    await stage.process(message);

    // Assess: the redelivery did the rest once (it is not the first delivery), and the message is done
    expect(await interactionsOf(account.workspaceId)).toHaveLength(1);
    expect(provider.sentTo(message.author.platformUserId)).toHaveLength(1);
    expect((await leadOf(message))!.interactionCount).toBe(1);
    expect(await interactions.dedupeState(message.workspaceId, message.dedupeKey)).toBe('done');
    const steps = await traces.read(account.workspaceId, message.dedupeKey);
    expect(steps.find((s) => s.step === 'LogInteraction')?.decision).toBe('already_processed');
    expect(steps.find((s) => s.step === 'LogInteraction')?.attempts.map((a) => a.decision)).toEqual([
      'redelivery',
      'already_processed',
    ]);
  });

  it('with a public reply and a private reply, replayed concurrently, sends each once and counts one DM', async () => {
    const { account } = await shop({
      name: 'Prix',
      keywords: ['prix'],
      actions: [
        { action: 'reply', message: 'Merci {{firstName}} !' },
        { action: 'private_reply', message: 'Le prix en privé.' },
      ],
    });
    const message = incoming(account);

    await stage.process(message, message, message, message, message);
    await stage.process(message, message);

    const sent = provider.sentTo(message.author.platformUserId).map((s) => s.message.action);
    expect(sent.sort()).toEqual(['private_reply', 'reply']);
    expect((await usage(account.workspaceId)).dmSentToday).toBe(1);
    expect(await interactionsOf(account.workspaceId)).toHaveLength(1);
    expect(await localWorkflow().deadLetters()).toEqual([]);
  });

  it('does not send the 11th DM of the day on Freemium, and says why', async () => {
    const { account } = await shop();
    const messages = Array.from({ length: 11 }, () => incoming(account));
    for (const message of messages.slice(0, 10)) await stage.process(message);
    const eleventh = messages[10]!;

    await stage.process(eleventh);

    expect(provider.sentTo(eleventh.author.platformUserId)).toHaveLength(0);
    for (const message of messages.slice(0, 10))
      expect(provider.sentTo(message.author.platformUserId)).toHaveLength(1);
    expect((await usage(account.workspaceId)).dmSentToday).toBe(10);
    const decide = (await traces.read(account.workspaceId, eleventh.dedupeKey)).find(
      (s) => s.step === 'Decide',
    )!;
    expect(decide.reason).toContain('daily DM quota reached');
    const interaction = (await interactionsOf(account.workspaceId)).find((i) => i.id === eleventh.dedupeKey)!;
    expect(interaction).toMatchObject({ decision: 'follow_up', sendStatus: null });
    expect(interaction.reason).toContain('daily DM quota reached');
  });

  it('retries a retryable provider failure and sends once', async () => {
    const { account } = await shop();
    const message = incoming(account);
    provider.failNext(failures.rateLimited);

    await stage.process(message);

    expect(provider.sentTo(message.author.platformUserId)).toHaveLength(1);
    const record = await new DynamoSendRecordStore(stageTable).get(
      account.workspaceId,
      idempotencyKeyOf(message.dedupeKey, 'private_reply'),
    );
    expect(record).toMatchObject({ status: 'sent', attempt: 2 });
    expect(record!.attempts.map((a) => a.outcome)).toEqual(['retry', 'sent']);
    expect(record!.attempts[0]).toMatchObject({
      failure: { code: 'rate_limited', retryable: true },
      explanation: 'rate limited by Meta',
    });
    expect((await usage(account.workspaceId)).dmSentToday).toBe(1);
    const steps = await traces.read(account.workspaceId, message.dedupeKey);
    const send = steps.find((s) => s.step === 'Send')!;
    expect(send.attemptCount).toBe(2);
    expect(send.attempts[0]!.error).toMatchObject({ name: 'RetryableSendError' });
    // The failed attempt wrote the steps before it; the execution's last write wrote them again: once each.
    expect(steps.filter((s) => s.step !== 'Send').map((s) => s.attemptCount)).toEqual([
      1, 1, 1, 1, 1, 1, 1, 1,
    ]);
  });

  it('records a permanent provider failure on the lead, releases the quota and completes the execution', async () => {
    const { account } = await shop();
    const message = incoming(account);
    provider.failNext(failures.outsideWindow);

    await stage.process(message);

    expect(provider.sentTo(message.author.platformUserId)).toHaveLength(0);
    const lead = await leadOf(message);
    expect(lead).toMatchObject({ lastDeliveryError: failures.outsideWindow.explanation, status: 'new' });
    expect((await usage(account.workspaceId)).dmSentToday).toBe(0);
    const record = await new DynamoSendRecordStore(stageTable).get(
      account.workspaceId,
      idempotencyKeyOf(message.dedupeKey, 'private_reply'),
    );
    expect(record).toMatchObject({ status: 'failed', quotaDay: null });
    expect(record!.attempts).toEqual([
      expect.objectContaining({
        outcome: 'failed',
        failure: expect.objectContaining({ code: 'outside_window', providerCode: '10/2534022' }),
      }),
    ]);
    const interaction = (await interactionsOf(account.workspaceId))[0]!;
    expect(interaction).toMatchObject({ sendStatus: 'failed' });
    expect(await localWorkflow().deadLetters()).toEqual([]);
  });

  it('never resends when it finds a stale "sending" record: marks it uncertain and surfaces it', async () => {
    const { account } = await shop();
    const message = incoming(account);
    const key = idempotencyKeyOf(message.dedupeKey, 'private_reply');
    const tenMinutesAgo = new Date(Date.now() - 600_000).toISOString();
    await new DynamoSendRecordStore(stageTable).claim(
      {
        workspaceId: account.workspaceId,
        idempotencyKey: key,
        dedupeKey: message.dedupeKey,
        action: 'private_reply',
        status: 'sending',
        attempt: 1,
        startedAt: tenMinutesAgo,
        quotaDay: null,
        providerMessageId: null,
        text: 'Merci Marie',
        explanation: null,
        attempts: [],
        updatedAt: tenMinutesAgo,
      },
      undefined,
    );
    const callsBefore = provider.calls.length;

    await stage.process(message);

    expect(provider.calls.length).toBe(callsBefore);
    const record = await new DynamoSendRecordStore(stageTable).get(account.workspaceId, key);
    expect(record).toMatchObject({ status: 'uncertain' });
    expect((await leadOf(message))!.lastDeliveryError).toContain('delivery uncertain');
  });

  it('logs and scores a message no scenario matches, without sending', async () => {
    const { account } = await shop(null);
    const message = incoming(account, { kind: 'dm', text: 'Hello!' });

    await stage.process(message);

    expect(provider.sentTo(message.author.platformUserId)).toHaveLength(0);
    const interaction = (await interactionsOf(account.workspaceId))[0]!;
    expect(interaction).toMatchObject({
      decision: 'ignore',
      reason: 'no active scenario matched: logged and scored only',
    });
    expect((await leadOf(message))!.scoreFactors).toEqual([{ factor: 'direct_message', points: 10 }]);
  });

  it('matches a plural the way people write it: the keyword tarif answers "vos tarifs ?"', async () => {
    const { account } = await shop({
      name: 'Tarifs',
      keywords: ['tarif'],
      action: 'private_reply',
      message: 'Nos tarifs arrivent en message privé.',
    });
    const message = incoming(account, { text: 'Bonjour, vos tarifs ?' });

    await stage.process(message);

    expect((await interactionsOf(account.workspaceId))[0]).toMatchObject({ decision: 'private_reply' });
    const sent = provider.sentTo(message.author.platformUserId);
    expect(sent.map((s) => s.message.text)).toEqual(['Nos tarifs arrivent en message privé.']);
  });

  it('puts a message that keeps failing on the dead-letter list with its cause', async () => {
    await stage.process({ not: 'a message' } as unknown as IncomingMessageInput);

    const letters = await localWorkflow().deadLetters();
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ error: 'InvalidMessageError', receiveCount: 3 });
    expect(letters[0]!.cause).toContain('not an IncomingMessage');
    const listed = await stage.api.get('/local/workflow/dead-letters');
    expect(listed.body.items).toEqual([
      expect.objectContaining({ messageId: letters[0]!.messageId, error: 'InvalidMessageError' }),
    ]);
  });
});
