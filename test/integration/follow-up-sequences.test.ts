import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localWorkflow } from '../../infra/local/workflow-plugin';
import { stageTable } from '../../shared/adapters/dynamo/client';
import * as keys from '../../shared/adapters/dynamo/keys';
import { queryAll } from '../../shared/adapters/dynamo/queries';
import { leadIdOf } from '../../shared/domain/leads/lead';
import type { FollowUp } from '../../shared/services/engine/ports';
import {
  type FakeMetaGraph,
  metaWebhook,
  signedMetaWebhook,
  startFakeMetaGraph,
} from '../../simulation/meta-graph';
import { signupWithWorkspace } from '../support/api';
import { followUpRunnerAt } from '../support/follow-ups';
import { connectMeta } from '../support/meta';
import { startTestStage, type TestStage } from '../support/stage';

/**
 * Issue 23 item 5 end to end: a scenario's follow-up sequence, from a signed Instagram DM webhook through the
 * workflow (the answer, then the first step scheduled) to the follow-ups schedule sending each step to the
 * simulated Graph API, which enforces Meta's 24-hour window on its own clock. One clock drives the fake and the
 * runner: "X hours later" is a clock value, never a sleep. The clock runs ahead of the wall clock, so a step's due
 * time is the webhook's time plus its hours, whatever the machine's speed.
 */
const IG = '17841400000000077';
const PAGE = '7070';
const HOUR = 3600_000;
let clock = Date.now() + 24 * HOUR;
const now = () => new Date(clock);
const runner = followUpRunnerAt(now);
let fake: FakeMetaGraph;
let stage: TestStage;
let owner: Awaited<ReturnType<typeof signupWithWorkspace>>;
const auth = () => ({ token: owner.accessToken, workspaceId: owner.workspaceId });

beforeAll(async () => {
  fake = await startFakeMetaGraph({ now });
  fake.addPage({ id: PAGE, name: 'Atelier Page', instagram: { id: IG, username: 'atelier.suivi' } });
  stage = await startTestStage({ env: fake.env('verify-me') });
  owner = await signupWithWorkspace(stage.api, 'suivi');
  await connectMeta(stage, owner);
});
afterAll(async () => {
  await stage?.stop();
  await fake?.stop();
});

let people = 0;
/** A new person writes `text` in DM now (on the test clock): the fake stores it, the signed webhook brings it. */
async function dm(text: string, sender = `igsid-${++people}`) {
  const mid = `mid-${sender}-${clock}`;
  fake.addInboundMessage({
    accountId: IG,
    from: { id: sender, username: sender },
    text,
    id: mid,
    at: now().toISOString(),
  });
  const signed = signedMetaWebhook(
    metaWebhook.instagramMessage(IG, { sender, mid, text, timestamp: clock }),
    fake.appSecret,
  );
  const response = await stage.api.request('POST', '/social-accounts/meta/webhook', {
    rawBody: signed.body,
    headers: signed.headers,
  });
  expect(response.status).toBe(200);
  await localWorkflow().idle();
  return sender;
}

const dmsTo = (sender: string) =>
  fake.state.sent.filter((s) => s.kind === 'dm' && s.recipient === sender).map((s) => s.text);
const followUps = async () =>
  (await queryAll(stageTable, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.ws(owner.workspaceId), ':prefix': 'FOLLOWUP#' },
    ConsistentRead: true,
  })) as unknown as FollowUp[];
const followUpsOf = async (scenarioId: string) =>
  (await followUps()).filter((f) => f.scenario.id === scenarioId && f.sequence);

async function scenario(body: Record<string, unknown>) {
  const created = await stage.api.post('/scenarios', { trigger: 'dm', action: 'reply', ...body }, auth());
  expect(created.status, created.text).toBe(201);
  return created.body as { id: string; followUps: unknown[] };
}

/** Each test starts a day after the previous one's last step: its own window, its own people. */
const nextDay = () => {
  clock += 48 * HOUR;
};
const later = (hours: number) => {
  clock += hours * HOUR;
};

describe('Scenarios API: follow-up sequences', () => {
  it('refuses a sequence beyond Meta’s window, beyond 3 steps, or after a comment, naming the limit', async () => {
    // Act
    const tooLong = await stage.api.post(
      '/scenarios',
      {
        name: 'Trop long',
        trigger: 'dm',
        action: 'reply',
        message: 'Merci',
        followUps: [
          { afterHours: 20, message: 'Encore là ?' },
          { afterHours: 10, message: 'Toujours là ?' },
        ],
      },
      auth(),
    );
    const tooMany = await stage.api.post(
      '/scenarios',
      {
        name: 'Trop',
        trigger: 'dm',
        action: 'reply',
        message: 'Merci',
        followUps: [1, 2, 3, 4].map((afterHours) => ({ afterHours, message: null })),
      },
      auth(),
    );
    const comment = await stage.api.post(
      '/scenarios',
      {
        name: 'Commentaire',
        trigger: 'comment',
        action: 'private_reply',
        message: 'Merci',
        followUps: [{ afterHours: 2, message: null }],
      },
      auth(),
    );

    // Assess
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.code).toBe('validation_failed');
    expect(tooLong.body.error.details).toContainEqual({
      path: 'followUps',
      message: expect.stringContaining('add up to 30 hours'),
    });
    expect(tooLong.body.error.details[0].message).toContain('24-hour window');
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.details).toContainEqual({
      path: 'followUps',
      message: 'a sequence has at most 3 follow-up steps',
    });
    expect(comment.status).toBe(400);
    expect(comment.body.error.details[0].message).toContain('a comment opens no messaging window');
  });

  it('checks the merged scenario on update, and shows the sequence in the scenario', async () => {
    const created = await scenario({
      name: 'Relance maj',
      keywords: ['majrelance'],
      message: 'Merci',
      followUps: [{ afterHours: 3, message: 'Alors ?' }],
    });
    expect(created.followUps).toEqual([{ afterHours: 3, message: 'Alors ?' }]);
    const toComment = await stage.api.patch(`/scenarios/${created.id}`, { trigger: 'comment' }, auth());
    expect(toComment.status).toBe(400);
    expect(toComment.body.error.details[0].path).toBe('followUps');
    const cleared = await stage.api.patch(`/scenarios/${created.id}`, { followUps: [] }, auth());
    expect(cleared.status).toBe(200);
    expect(cleared.body.followUps).toEqual([]);
    const openapi = await stage.api.get('/openapi.json');
    expect(JSON.stringify(openapi.body)).toContain('afterHours');
  });
});

describe('Schedule: follow-ups (sequences, signed webhooks, simulated Meta)', () => {
  it('sends each step after its hours without an answer, once however often the schedule runs or crashes', async () => {
    // Prepare: the second step has no template, so generateFollowUp writes it (rules: no OpenAI key) with the
    // workspace's knowledge (its booking link) and the conversation (the person asked for the prices).
    nextDay();
    const knowledge = await stage.api.put(
      `/workspaces/${owner.workspaceId}/knowledge`,
      { links: [{ label: 'Réserver', url: 'https://atelier.example/rdv' }] },
      auth(),
    );
    expect(knowledge.status, knowledge.text).toBe(200);
    const created = await scenario({
      name: 'Tarifs',
      keywords: ['prix'],
      message: 'Voici nos prix',
      followUps: [
        { afterHours: 2, message: 'Toujours intéressé par nos prix ?' },
        { afterHours: 4, message: null },
      ],
    });
    const person = await dm('Bonjour, quel est le prix ?');
    expect(dmsTo(person)).toEqual(['Voici nos prix']);
    const [first] = await followUpsOf(created.id);
    expect(first).toMatchObject({ status: 'scheduled', dueAt: new Date(clock + 2 * HOUR).toISOString() });

    // Act: one hour later nothing is due; two hours later the first step goes.
    later(1);
    await runner.runDue();
    const beforeDue = dmsTo(person);
    later(1);
    const run = await runner.runDue();
    const replayed = await runner.runDue();
    // A worker that crashed after the send, before closing the item, runs it again.
    const crashed = await runner.process(first!);

    // Assess
    expect(beforeDue).toHaveLength(1);
    expect(run.sent).toBeGreaterThanOrEqual(1);
    expect(replayed.sent).toBe(0);
    expect(crashed).toBe('sent');
    expect(dmsTo(person)).toEqual(['Voici nos prix', 'Toujours intéressé par nos prix ?']);

    // Act: the second step, four hours after the first went, written by the engine.
    later(4);
    await runner.runDue();
    await runner.runDue();

    // Assess
    const texts = dmsTo(person);
    expect(texts).toHaveLength(3);
    expect(texts[2]).toContain('avez-vous pu regarder nos tarifs');
    expect(texts[2]).toContain('https://atelier.example/rdv');
    const items = await followUpsOf(created.id);
    expect(items.map((f) => [f.sequence!.index, f.status])).toEqual(
      expect.arrayContaining([
        [0, 'sent'],
        [1, 'sent'],
      ]),
    );
    expect(items).toHaveLength(2);

    // Act: the person asks for erasure; the sequence's items, which hold their message, go with the rest.
    const erased = await stage.api.delete(
      `/leads/${leadIdOf(owner.workspaceId, 'instagram', person)}`,
      auth(),
    );

    // Assess
    expect(erased.status).toBe(204);
    expect(await followUpsOf(created.id)).toEqual([]);
    await stage.api.patch(`/scenarios/${created.id}`, { active: false }, auth());
  });

  it('cancels the sequence when the person answers, opts out, or a human takes over', async () => {
    // Prepare
    nextDay();
    const created = await scenario({
      name: 'Relance',
      keywords: ['catalogue'],
      message: 'Voici le catalogue',
      followUps: [{ afterHours: 3, message: 'Le catalogue vous a plu ?' }],
    });
    const answers = await dm('Le catalogue svp');
    const stops = await dm('Le catalogue svp');
    const takenOver = await dm('Le catalogue svp');
    later(1);
    await dm('Merci, je regarde', answers);
    await dm('STOP', stops);
    const leadId = leadIdOf(owner.workspaceId, 'instagram', takenOver);
    const human = await stage.api.post(
      `/conversations/${leadId}/messages`,
      { text: 'Bonjour, je suis Léa de l’atelier' },
      { ...auth(), headers: { 'idempotency-key': 'human-1' } },
    );
    expect(human.status, human.text).toBe(201);

    // Act
    later(3);
    await runner.runDue();

    // Assess
    expect(dmsTo(answers)).toEqual(['Voici le catalogue']);
    expect(dmsTo(stops)).toEqual(['Voici le catalogue']);
    expect(dmsTo(takenOver)).toEqual(['Voici le catalogue', 'Bonjour, je suis Léa de l’atelier']);
    const reasons = (await followUpsOf(created.id)).map((f) => [f.status, f.reason]);
    expect(reasons).toHaveLength(3);
    expect(reasons).toEqual(
      expect.arrayContaining([
        ['cancelled', 'the person answered: the sequence stops'],
        ['cancelled', expect.stringContaining('opted out')],
        ['cancelled', expect.stringContaining('paused')],
      ]),
    );
    await stage.api.patch(`/scenarios/${created.id}`, { active: false }, auth());
  });

  it('never sends a step outside the 24-hour window, even when the schedule runs late', async () => {
    // Prepare
    nextDay();
    const created = await scenario({
      name: 'Dernière relance',
      keywords: ['devis'],
      message: 'On regarde votre devis',
      followUps: [{ afterHours: 23, message: 'Une question sur le devis ?' }],
    });
    const person = await dm('Un devis svp');

    // Act: the schedule did not run for a day (an outage): the window the message opened has closed.
    later(24.5);
    const report = await runner.runDue();

    // Assess
    expect(report.sent).toBe(0);
    expect(dmsTo(person)).toEqual(['On regarde votre devis']);
    const [item] = await followUpsOf(created.id);
    expect(item).toMatchObject({ status: 'expired' });
    expect(item!.reason).toContain('24-hour');
  });
});
