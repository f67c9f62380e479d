import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stageTable } from '../../shared/adapters/dynamo/client';
import { DynamoInteractionStore } from '../../shared/adapters/dynamo/interaction-store';
import { DynamoTraceStore } from '../../shared/adapters/dynamo/trace-store';
import { leadIdOf } from '../../shared/domain/leads/lead';
import type { IncomingMessageInput } from '../../shared/domain/messages/incoming-message';
import { retentionPolicy } from '../../shared/wiring/retention';
import { signupWithWorkspace } from '../support/api';
import {
  connectInstagram,
  incoming,
  RecordingProvider,
  startWorkflowStage,
  type WorkflowStage,
} from '../support/engine';
import { mailboxOf } from '../support/members';

let stage: WorkflowStage;
const provider = new RecordingProvider();

beforeAll(async () => {
  stage = await startWorkflowStage({ provider });
});
afterAll(() => stage.stop());

async function shop(
  scenarios: Record<string, unknown>[] = [{ name: 'Tout', action: 'dm', message: 'Réponse auto' }],
) {
  const owner = await signupWithWorkspace(stage.api, 'inbox');
  const as = { token: owner.accessToken, workspaceId: owner.workspaceId };
  for (const scenario of scenarios)
    expect((await stage.api.post('/scenarios', scenario, as)).status).toBe(201);
  const account = await connectInstagram(owner.workspaceId);
  return { account, owner, as };
}

const again = (first: IncomingMessageInput, text: string, n: number, at?: string): IncomingMessageInput => ({
  ...first,
  text,
  platformMessageId: `${first.platformMessageId}-${n}`,
  dedupeKey: `${first.dedupeKey}-${n}`,
  correlationId: `${first.correlationId}-${n}`,
  occurredAt: at ?? new Date().toISOString(),
});

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3600_000).toISOString();

describe('Class: ConversationService (inbox routes)', () => {
  describe('Method: get', () => {
    it('returns the thread in both directions, in order, with author, scenario and delivery status', async () => {
      // Prepare
      const { account, as } = await shop();
      const first = incoming(account, { kind: 'dm', text: 'Bonjour' });
      await stage.process(first);
      const id = leadIdOf(first.workspaceId, 'instagram', first.author.platformUserId);

      // Act
      const lead = await stage.api.get(`/leads/${id}`, as);
      const response = await stage.api.get(`/conversations/${id}`, as);

      // Assess
      expect(lead.body.conversationId).toBe(id);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id, platform: 'instagram', status: 'open', botPaused: false });
      const messages = response.body.messages;
      expect(messages.map((m: { direction: string; author: string }) => [m.direction, m.author])).toEqual([
        ['in', 'contact'],
        ['out', 'bot'],
      ]);
      expect(messages[0]).toMatchObject({ text: 'Bonjour', deliveryStatus: null });
      expect(messages[1]).toMatchObject({ text: 'Réponse auto', deliveryStatus: 'sent' });
      expect(messages[1].scenarioId).toEqual(expect.any(String));
    });
  });

  describe('Method: list', () => {
    it('lists by last message with filters and cursor pages, and marks read for the reader only', async () => {
      // Prepare
      const { account, as } = await shop([]);
      const people = [];
      for (let i = 0; i < 3; i++) {
        const message = incoming(account, { kind: 'dm', text: `Salut ${i}`, occurredAt: hoursAgo(3 - i) });
        await stage.process(message);
        people.push(leadIdOf(message.workspaceId, 'instagram', message.author.platformUserId));
      }
      await stage.api.post(`/conversations/${people[0]}/pause`, {}, as);

      // Act
      const page1 = await stage.api.get('/conversations?limit=2', as);
      const page2 = await stage.api.get(`/conversations?limit=2&cursor=${page1.body.nextCursor}`, as);
      const paused = await stage.api.get('/conversations?botPaused=true', as);
      const open = await stage.api.get('/conversations?status=open&platform=instagram', as);
      const tiktok = await stage.api.get('/conversations?platform=tiktok', as);
      await stage.api.get(`/conversations/${people[2]}`, as);
      const unread = await stage.api.get('/conversations?unread=true', as);

      // Assess
      expect(page1.body.items.map((c: { id: string }) => c.id)).toEqual([people[2], people[1]]);
      expect(page2.body.items.map((c: { id: string }) => c.id)).toEqual([people[0]]);
      expect(page2.body.nextCursor).toBeNull();
      expect(paused.body.items.map((c: { id: string }) => c.id)).toEqual([people[0]]);
      expect(open.body.items).toHaveLength(3);
      expect(tiktok.body.items).toHaveLength(0);
      expect(unread.body.items.map((c: { id: string }) => c.id)).toEqual([people[1], people[0]]);
      expect((await stage.api.get('/conversations?cursor=garbage', as)).status).toBe(400);
      expect((await stage.api.get('/conversations?status=pending', as)).status).toBe(400);
    });
  });

  describe('Method: reply', () => {
    it('sends once per Idempotency-Key, pauses the bot and does not take from the DM quota', async () => {
      // Prepare
      const { account, as } = await shop();
      const first = incoming(account, { kind: 'dm', text: 'Bonjour' });
      await stage.process(first);
      const id = leadIdOf(first.workspaceId, 'instagram', first.author.platformUserId);
      const usageBefore = (await stage.api.get('/billing/usage', as)).body.dmSentToday;
      const headers = { 'idempotency-key': 'reply-1' };

      // Act
      const sent = await stage.api.post(
        `/conversations/${id}/messages`,
        { text: 'Je suis là' },
        { ...as, headers },
      );
      const retried = await stage.api.post(
        `/conversations/${id}/messages`,
        { text: 'Je suis là' },
        { ...as, headers },
      );
      const reused = await stage.api.post(
        `/conversations/${id}/messages`,
        { text: 'Autre' },
        { ...as, headers },
      );
      await stage.process(again(first, 'Merci', 1));

      // Assess
      expect(sent.status).toBe(201);
      expect(retried.status).toBe(200);
      expect(retried.body).toEqual(sent.body);
      expect(sent.body.message).toMatchObject({ direction: 'out', author: 'human', deliveryStatus: 'sent' });
      expect(reused.status).toBe(409);
      const to = provider.sentTo(first.author.platformUserId).map((s) => s.message.text);
      expect(to).toEqual(['Réponse auto', 'Je suis là']);
      expect((await stage.api.get('/billing/usage', as)).body.dmSentToday).toBe(usageBefore);
      const conversation = await stage.api.get(`/conversations/${id}`, as);
      expect(conversation.body).toMatchObject({
        botPaused: true,
        pausedReason: 'human_reply',
        status: 'open',
      });
      expect(conversation.body.messages.map((m: { author: string }) => m.author)).toEqual([
        'contact',
        'bot',
        'human',
        'contact',
      ]);
    });

    it('answers 409 window_closed naming when the person must write again, outside the 24-hour window', async () => {
      // Prepare
      const { account, as } = await shop([]);
      const old = incoming(account, { kind: 'dm', text: 'Bonjour', occurredAt: hoursAgo(30) });
      await stage.process(old);
      const id = leadIdOf(old.workspaceId, 'instagram', old.author.platformUserId);

      // Act
      const response = await stage.api.post(
        `/conversations/${id}/messages`,
        { text: 'Pardon du retard' },
        as,
      );

      // Assess
      expect(response.status).toBe(409);
      expect(response.body.error.code).toBe('window_closed');
      expect(response.body.error.message).toMatch(/must write again/);
      expect(provider.sentTo(old.author.platformUserId)).toHaveLength(0);
    });

    it('keeps two workspaces apart: no read, reply, assign or pause across them', async () => {
      // Prepare
      const { account } = await shop();
      const first = incoming(account, { kind: 'dm', text: 'Bonjour' });
      await stage.process(first);
      const id = leadIdOf(first.workspaceId, 'instagram', first.author.platformUserId);
      const other = await signupWithWorkspace(stage.api, 'intruder');
      const intruder = { token: other.accessToken, workspaceId: other.workspaceId };
      const sentBefore = provider.sentTo(first.author.platformUserId).length;

      // Act
      const read = await stage.api.get(`/conversations/${id}`, intruder);
      const reply = await stage.api.post(`/conversations/${id}/messages`, { text: 'hack' }, intruder);
      const patch = await stage.api.patch(`/conversations/${id}`, { status: 'closed' }, intruder);
      const list = await stage.api.get('/conversations', intruder);
      const foreign = await stage.api.get(`/conversations/${id}`, {
        token: other.accessToken,
        workspaceId: first.workspaceId,
      });

      // Assess
      expect([read.status, reply.status, patch.status]).toEqual([404, 404, 404]);
      expect(list.body.items).toEqual([]);
      expect(foreign.status).toBe(403);
      expect(provider.sentTo(first.author.platformUserId)).toHaveLength(sentBefore);
    });
  });

  describe('Method: echo (the page writing outside Flow IA)', () => {
    const echoOf = (first: IncomingMessageInput, text: string, n: number, appId: string | null) => ({
      ...again(first, text, n),
      echo: { appId },
    });

    it("pauses the bot when the owner answers from the Instagram app, and logs the owner's message", async () => {
      // Prepare
      const { account, as } = await shop();
      const first = incoming(account, { kind: 'dm', text: 'Bonjour' });
      await stage.process(first);
      const id = leadIdOf(first.workspaceId, 'instagram', first.author.platformUserId);

      // Act
      await stage.process(echoOf(first, 'Je vous appelle tout de suite', 1, '263902037430900'));
      await stage.process(again(first, 'Merci !', 2));

      // Assess
      const conversation = await stage.api.get(`/conversations/${id}`, as);
      expect(conversation.body).toMatchObject({ botPaused: true, pausedReason: 'page_reply' });
      expect(conversation.body.messages.map((m: { author: string }) => m.author)).toEqual([
        'contact',
        'bot',
        'page',
        'contact',
      ]);
      expect(provider.sentTo(first.author.platformUserId)).toHaveLength(1);
    });

    it("is done at LogInteraction: its marker and trace in one write, so the owner's echo redelivered is logged once", async () => {
      // Prepare
      const { account, as } = await shop();
      const first = incoming(account, { kind: 'dm', text: 'Bonjour' });
      await stage.process(first);
      const id = leadIdOf(first.workspaceId, 'instagram', first.author.platformUserId);
      const echo = echoOf(first, 'Je passe vous voir', 1, '263902037430900');

      // Act
      await stage.process(echo);
      await stage.process(echo);

      // Assess: done after the first pass (the marker rides on the step's trace write); the second stops at once
      const interactions = new DynamoInteractionStore(stageTable, retentionPolicy());
      expect(await interactions.dedupeState(first.workspaceId, echo.dedupeKey)).toBe('done');
      const steps = await new DynamoTraceStore(stageTable).read(first.workspaceId, echo.dedupeKey);
      expect(steps.map((s) => s.step)).toEqual(['LogInteraction']);
      expect(steps[0]?.attemptCount).toBe(2);
      const conversation = await stage.api.get(`/conversations/${id}`, as);
      expect(conversation.body.messages.map((m: { author: string }) => m.author)).toEqual([
        'contact',
        'bot',
        'page',
      ]);
    });

    it('ignores the echo of its own automatic reply (Instagram echoes carry no app_id)', async () => {
      // Prepare
      const { account, as } = await shop();
      const first = incoming(account, { kind: 'dm', text: 'Bonjour' });
      await stage.process(first);
      const id = leadIdOf(first.workspaceId, 'instagram', first.author.platformUserId);

      // Act
      await stage.process(echoOf(first, 'Réponse auto', 1, null));
      await stage.process(again(first, 'Et le prix ?', 2));

      // Assess
      const conversation = await stage.api.get(`/conversations/${id}`, as);
      expect(conversation.body).toMatchObject({ botPaused: false, pausedReason: null });
      expect(conversation.body.messages.map((m: { author: string }) => m.author)).toEqual([
        'contact',
        'bot',
        'contact',
        'bot',
      ]);
    });
  });

  describe('Method: auto-resume (workspace setting)', () => {
    it('answers again once the workspace hours of human silence have passed since the owner wrote', async () => {
      // Prepare
      const { account, owner, as } = await shop();
      const patched = await stage.api.patch(
        `/workspaces/${owner.workspaceId}`,
        { botAutoResumeHours: 2 },
        as,
      );
      const first = incoming(account, { kind: 'dm', text: 'Bonjour', occurredAt: hoursAgo(4) });
      await stage.process(first);
      const id = leadIdOf(first.workspaceId, 'instagram', first.author.platformUserId);
      await stage.process({ ...again(first, 'Je regarde ça', 1, hoursAgo(3)), echo: { appId: 'owner-app' } });

      // Act
      await stage.process(again(first, 'Alors ?', 2));

      // Assess
      expect(patched.status).toBe(200);
      expect(patched.body.botAutoResumeHours).toBe(2);
      const conversation = await stage.api.get(`/conversations/${id}`, as);
      expect(conversation.body).toMatchObject({ botPaused: false });
      // In time order: the first automatic reply went out now, after the (backdated) owner's message.
      expect(conversation.body.messages.map((m: { author: string }) => m.author)).toEqual([
        'contact',
        'page',
        'bot',
        'contact',
        'bot',
      ]);
    });
  });

  describe('Method: update (assignment) and hand-over alerts', () => {
    it('assigns to members only, and "my inbox" lists what is assigned to me and unread', async () => {
      // Prepare
      const { account, owner, as } = await shop([]);
      const first = incoming(account, { kind: 'dm', text: 'Bonjour' });
      await stage.process(first);
      const id = leadIdOf(first.workspaceId, 'instagram', first.author.platformUserId);
      const stranger = await signupWithWorkspace(stage.api, 'stranger');

      // Act
      const notMember = await stage.api.patch(`/conversations/${id}`, { assigneeId: stranger.user.id }, as);
      const empty = await stage.api.patch(`/conversations/${id}`, {}, as);
      const assigned = await stage.api.patch(`/conversations/${id}`, { assigneeId: owner.user.id }, as);
      const mine = await stage.api.get('/conversations?assignee=me&unread=true', as);
      await stage.api.get(`/conversations/${id}`, as);
      const mineAfterReading = await stage.api.get('/conversations?assignee=me&unread=true', as);
      const closed = await stage.api.patch(`/conversations/${id}`, { status: 'closed' }, as);
      const closedList = await stage.api.get('/conversations?status=closed', as);
      const unassigned = await stage.api.patch(`/conversations/${id}`, { assigneeId: null }, as);
      const mineAfter = await stage.api.get('/conversations?assignee=me', as);

      // Assess
      expect(notMember.status).toBe(400);
      expect(notMember.body.error.details).toEqual([
        { path: 'assigneeId', message: 'not a member of this workspace' },
      ]);
      expect(empty.status).toBe(400);
      expect(assigned.body).toMatchObject({ id, assigneeId: owner.user.id, unread: true });
      expect(mine.body.items.map((c: { id: string }) => c.id)).toEqual([id]);
      expect(mineAfterReading.body.items).toEqual([]);
      expect(closed.body.status).toBe('closed');
      expect(closedList.body.items.map((c: { id: string }) => c.id)).toEqual([id]);
      expect(unassigned.body.assigneeId).toBeNull();
      expect(mineAfter.body.items).toEqual([]);
    });

    it('announces a hand-over once to the owners and admins: notification and email', async () => {
      // Prepare
      const { account, owner, as } = await shop([
        { name: 'Humain', keywords: ['humain'], action: 'handover' },
      ]);
      const first = incoming(account, { kind: 'dm', text: 'Je veux un humain' });

      // Act
      await stage.process(first);
      await stage.process(first);

      // Assess
      const notifications = await stage.api.get('/notifications', as);
      const handovers = notifications.body.items.filter(
        (n: { kind: string }) => n.kind === 'conversation_handover',
      );
      expect(handovers).toHaveLength(1);
      const mails = (await mailboxOf(stage.api, owner.email)).filter((m) =>
        /waiting for a human/.test(m.subject),
      );
      expect(mails).toHaveLength(1);
      expect(mails[0]!.text).toContain('Je veux un humain');
    });
  });
});
