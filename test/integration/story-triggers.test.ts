import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localWorkflow } from '../../infra/local/workflow-plugin';
import {
  type FakeMetaGraph,
  metaWebhook,
  signedMetaWebhook,
  startFakeMetaGraph,
} from '../../simulation/meta-graph';
import { signupWithWorkspace } from '../support/api';
import { connectMeta } from '../support/meta';
import { startTestStage, type TestStage } from '../support/stage';

/**
 * Issue 23 item 7 end to end: a story mention (a message whose attachment is `story_mention`) and a story reply
 * (a message with `reply_to.story`), each as a scenario trigger, from a signed webhook through the workflow to the
 * DM at the simulated Graph API. Payload shapes: the builders checked against Meta's examples in
 * test/unit/simulation/meta-webhook-builders.test.ts (test/fixtures/meta/story-mention.json,
 * messages-story-reply.json).
 */
const IG = '17841400000000001';
const PAGE = '4040';
let fake: FakeMetaGraph;
let stage: TestStage;
let owner: Awaited<ReturnType<typeof signupWithWorkspace>>;
const auth = () => ({ token: owner.accessToken, workspaceId: owner.workspaceId });

beforeAll(async () => {
  fake = await startFakeMetaGraph();
  fake.addPage({ id: PAGE, name: 'Atelier Page', instagram: { id: IG, username: 'atelier.paris' } });
  stage = await startTestStage({ env: fake.env('verify-me') });
  owner = await signupWithWorkspace(stage.api, 'atelier');
  await connectMeta(stage, owner);
  for (const scenario of [
    {
      name: 'Merci pour la mention',
      trigger: 'story_mention',
      message: 'Merci pour la mention !',
      priority: 1,
    },
    {
      name: 'Réponse à la story',
      trigger: 'story_reply',
      message: 'Ravi que la story vous plaise',
      priority: 2,
    },
    { name: 'DM', trigger: 'dm', message: 'Réponse DM', priority: 3 },
  ]) {
    const created = await stage.api.post('/scenarios', { action: 'reply', ...scenario }, auth());
    expect(created.status, created.text).toBe(201);
  }
});
afterAll(async () => {
  await stage?.stop();
  await fake?.stop();
});

async function deliver(payload: unknown) {
  const signed = signedMetaWebhook(payload, fake.appSecret);
  const response = await stage.api.request('POST', '/social-accounts/meta/webhook', {
    rawBody: signed.body,
    headers: signed.headers,
  });
  expect(response.status).toBe(200);
  await localWorkflow().idle();
}
const dmsTo = (sender: string) => fake.state.sent.filter((s) => s.kind === 'dm' && s.recipient === sender);

describe('Workflow: story triggers (signed webhooks, simulated Meta)', () => {
  it('answers a story mention with the story_mention scenario, once however often Meta redelivers', async () => {
    const sender = 'igsid-mention';
    const mention = { link: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=m1', id: '1790001' };
    fake.addInboundMessage({
      accountId: IG,
      from: { id: sender, username: 'lea' },
      text: '',
      id: 'mid-m1',
      storyMention: mention,
    });
    const payload = metaWebhook.instagramStoryMention(IG, { sender, mid: 'mid-m1', url: mention.link });
    await deliver(payload);
    await deliver(payload);
    expect(dmsTo(sender).map((s) => s.text)).toEqual(['Merci pour la mention !']);
  });

  it('answers a story reply with the story_reply scenario, and a plain DM with the DM one', async () => {
    fake.addInboundMessage({
      accountId: IG,
      from: { id: 'igsid-reply', username: 'ana' },
      text: 'Trop beau',
      id: 'mid-r1',
    });
    await deliver(
      metaWebhook.instagramStoryReply(IG, {
        sender: 'igsid-reply',
        mid: 'mid-r1',
        text: 'Trop beau, c’est combien ?',
        story: { id: '17900000000000042', url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=s1' },
      }),
    );
    fake.addInboundMessage({
      accountId: IG,
      from: { id: 'igsid-dm', username: 'zoe' },
      text: 'Bonjour',
      id: 'mid-d1',
    });
    await deliver(metaWebhook.instagramMessage(IG, { sender: 'igsid-dm', mid: 'mid-d1', text: 'Bonjour' }));

    expect(dmsTo('igsid-reply').map((s) => s.text)).toEqual(['Ravi que la story vous plaise']);
    expect(dmsTo('igsid-dm').map((s) => s.text)).toEqual(['Réponse DM']);
  });

  it('leaves a story mention unanswered when no scenario is written for mentions', async () => {
    const list = await stage.api.get('/scenarios', auth());
    const mentionScenario = list.body.items.find((s: { trigger: string }) => s.trigger === 'story_mention');
    expect((await stage.api.delete(`/scenarios/${mentionScenario.id}`, auth())).status).toBe(204);
    const sender = 'igsid-mention-2';
    const link = 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=m2';
    fake.addInboundMessage({
      accountId: IG,
      from: { id: sender, username: 'max' },
      text: '',
      id: 'mid-m2',
      storyMention: { link, id: '1790002' },
    });
    await deliver(metaWebhook.instagramStoryMention(IG, { sender, mid: 'mid-m2', url: link }));
    // Neither the DM scenario nor any catch-all answers an empty mention as if it were a message.
    expect(dmsTo(sender)).toEqual([]);
  });
});

describe('Workflow: comment mention trigger (signed webhooks, simulated Meta)', () => {
  it('reads the mentioning comment from Meta and answers it publicly under it with the mention scenario', async () => {
    const refused = await stage.api.post(
      '/scenarios',
      { name: 'x', trigger: 'mention', action: 'dm', message: 'hello' },
      auth(),
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.map((d: { path: string }) => d.path)).toContain('action');
    const created = await stage.api.post(
      '/scenarios',
      {
        name: 'Mention',
        trigger: 'mention',
        action: 'reply',
        keywords: ['atelier'],
        message: 'Merci {{username}} !',
      },
      auth(),
    );
    expect(created.status, created.text).toBe(201);
    fake.addMentionedComment(IG, {
      id: '17894227972186120',
      mediaId: '17918195224117851',
      text: 'Super atelier avec @atelier.paris',
      username: 'julie.b',
    });

    await deliver(
      metaWebhook.instagramCommentMention(IG, {
        commentId: '17894227972186120',
        mediaId: '17918195224117851',
      }),
    );

    const replies = fake.state.sent.filter((s) => s.on === '17894227972186120');
    expect(replies).toEqual([
      expect.objectContaining({
        kind: 'reply',
        text: 'Merci julie.b !',
        body: { media_id: '17918195224117851', comment_id: '17894227972186120', message: 'Merci julie.b !' },
      }),
    ]);
    const read = fake.state.requests.find((r) => r.query.fields?.startsWith('mentioned_comment'));
    expect(read?.query.fields).toBe(
      'mentioned_comment.comment_id(17894227972186120){id,text,timestamp,username}',
    );
  });
});
