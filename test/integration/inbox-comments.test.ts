import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addDemoScenarios,
  connectOAuthProvider,
  createDemoWorkspace,
  type DemoSession,
  PUBLIC_REPLY_SCENARIO,
} from '../../infra/local/simulation/demo-session';
import { runningWorld } from '../../infra/local/simulation/world';
import { localWorkflow } from '../../infra/local/workflow-plugin';
import { leadIdOf } from '../../shared/domain/leads/lead';
import { startTestStage, type TestStage } from '../support/stage';
import { NO_PROVIDER_KEYS } from '../support/world';

let stage: TestStage;
let session: DemoSession;

beforeAll(async () => {
  stage = await startTestStage({ env: NO_PROVIDER_KEYS });
  session = await createDemoWorkspace(stage.url, 'Comments inbox');
  await connectOAuthProvider(session, 'tiktok');
  await connectOAuthProvider(session, 'youtube');
  await addDemoScenarios(session, [PUBLIC_REPLY_SCENARIO]);
});
afterAll(() => stage?.stop());

const as = () => ({ token: session.accessToken, workspaceId: session.workspaceId });

describe('Class: ConversationService (comment platforms, simulated world)', () => {
  for (const platform of ['tiktok', 'youtube'] as const)
    it(`threads a ${platform} comment with the bot's public answer and a member's reply, sent once per Idempotency-Key`, async () => {
      // Prepare: a person comments; the collector schedule brings it in and the scenario answers publicly.
      const source = runningWorld()![platform]!;
      const written = await source.comment({ username: `fan.${platform}` }, 'Combien pour la bougie ?');
      expect(written.collected).toEqual({ ok: true });
      await localWorkflow().idle();
      const id = leadIdOf(session.workspaceId, platform, written.from.id);
      const text = `Bonjour ! 24 € la bougie, répondu à la main sur ${platform}.`;
      const reply = () =>
        stage.api.post(
          `/conversations/${id}/messages`,
          { text },
          { ...as(), headers: { 'idempotency-key': `${platform}-reply-1` } },
        );

      // Act
      const sent = await reply();
      const retried = await reply();
      const listed = await stage.api.get(`/conversations?platform=${platform}&botPaused=true`, as());
      const conversation = await stage.api.get(`/conversations/${id}`, as());

      // Assess: one public reply of the member under the comment at the fake, beside the bot's.
      expect(sent.status).toBe(201);
      expect(sent.body.message).toMatchObject({ author: 'human', kind: 'reply', deliveryStatus: 'sent' });
      expect(retried.status).toBe(200);
      expect(retried.body).toEqual(sent.body);
      const replies = source.replies().filter((r) => r.toId === written.platformMessageId);
      expect(replies.map((r) => r.text)).toEqual([expect.stringContaining('Merci fan'), text]);
      // The thread: the comment, the bot's answer, the member's, in true order, each with its delivery status.
      expect(
        conversation.body.messages.map((m: { direction: string; author: string; deliveryStatus: string }) => [
          m.direction,
          m.author,
          m.deliveryStatus,
        ]),
      ).toEqual([
        ['in', 'contact', null],
        ['out', 'bot', 'sent'],
        ['out', 'human', 'sent'],
      ]);
      expect(conversation.body.messages[0]).toMatchObject({
        kind: 'comment',
        text: 'Combien pour la bougie ?',
      });
      expect(conversation.body.messages[1].scenarioId).toEqual(expect.any(String));
      expect(conversation.body).toMatchObject({
        platform,
        botPaused: true,
        pausedReason: 'human_reply',
        status: 'waiting',
      });
      expect(listed.body.items.map((c: { id: string }) => c.id)).toEqual([id]);
    });
});
