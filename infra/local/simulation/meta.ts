import { randomBytes } from 'node:crypto';
import { dedupeKeyOf } from '../../../shared/domain/messages/dedupe-key';
import {
  type FakeMetaGraph,
  metaWebhook,
  signedMetaWebhook,
  startFakeMetaGraph,
} from '../../../simulation/meta-graph';
import type { ProviderSimulation } from './types';

/** The demo business the simulated Facebook Login grants: one Page and its Instagram professional account. */
export const DEMO_PAGE = {
  id: '100000000000001',
  name: 'Demo Shop',
  instagram: { id: '17841400000000001', username: 'demo_shop' },
};
/**
 * The demo account's posts (GET /social-accounts/{id}/media lists them): a reel a scenario can be scoped to, and
 * an older photo. A simulated comment goes on the reel unless it names another post.
 */
export const DEMO_POSTS = {
  reel: {
    id: '17900000000000001',
    caption: 'Nouvelle collection de printemps 🌸 Commentez INFO pour recevoir les prix en DM',
    mediaType: 'VIDEO',
    mediaProductType: 'REELS',
  },
  photo: {
    id: '17900000000000002',
    caption: 'Notre atelier, un samedi matin',
    mediaType: 'IMAGE',
    mediaProductType: 'FEED',
  },
} as const;
const DEMO_MEDIA = DEMO_POSTS.reel.id;
/**
 * A creator's Instagram professional account with no Facebook Page: the simulated Instagram Login grants it
 * (GET /social-accounts/instagram/auth-url, or POST /local/console/connect-instagram-login from the console).
 */
export const DEMO_CREATOR = { id: '17841400000000002', username: 'demo_creator' };

export type MetaPlatform = 'instagram' | 'facebook';

export interface SimulatedInteraction {
  platform: MetaPlatform;
  kind: 'dm' | 'comment';
  from: { id?: string; username: string };
  text: string;
  /** Meta redelivers: the same signed payload posted this many times (default 1). */
  deliveries?: number;
  /**
   * A DM that is a tap on something Flow IA sent: a postback `button` (a messaging_postbacks webhook, `text` is
   * the button's title) or a `quick_reply` (a message with `quick_reply.payload`), with its payload.
   */
  tap?: { kind: 'button' | 'quick_reply'; payload: string };
  /** A comment's post: one of the demo account's (DEMO_POSTS); the reel when absent. */
  mediaId?: string;
}

export interface SimulatedDelivery {
  platform: MetaPlatform;
  kind: 'dm' | 'comment';
  platformMessageId: string;
  /** The interaction's key in the workflow and its trace. */
  dedupeKey: string;
  from: { id: string; username: string };
  /** HTTP status of each webhook delivery to our own endpoint. */
  statuses: number[];
}

/** Someone writing to the demo account, and the fake's record of what Flow IA sent back. */
export interface SimulatedMeta {
  fake: FakeMetaGraph;
  /** The person writes: the fake learns it (24-hour window, comment to reply to), then Meta calls our webhook. */
  write(interaction: SimulatedInteraction): Promise<SimulatedDelivery>;
  /** Who wrote, by their id and by their comments' ids (to label outgoing messages). */
  personOf(id: string): { username: string; platform: MetaPlatform } | undefined;
  /** The username alone (labels for leads). */
  nameOf(id: string): string | undefined;
  /**
   * The business owner answers a person from the Instagram / Facebook app itself: the fake records the page's
   * message, and Meta's echo of it (`is_echo`, with the app that sent it: Meta's own inbox app, not Flow IA's)
   * is POSTed to our webhook — what makes Flow IA pause its bot there.
   */
  ownerReplies(reply: {
    platform: MetaPlatform;
    toId: string;
    text: string;
  }): Promise<{ mid: string; status: number }>;
}

/** The app id the simulated owner's Instagram / Facebook app sends with (any id but Flow IA's own app's). */
export const OWNER_APP_ID = '100000000000099';

/**
 * Simulated Meta: the fake Graph API + Facebook Login dialog with the demo Page and Instagram account, META_*
 * pointed at it. A simulated person's message goes the real way: into the fake, then as a webhook signed with
 * the app secret, POSTed to this stage's /social-accounts/meta/webhook — never straight into the queue.
 */
export const startSimulatedMeta: ProviderSimulation<SimulatedMeta> = {
  provider: 'Meta',
  realWhen: ['META_APP_ID'],
  async start({ setEnv, env, baseUrl }) {
    const fake = await startFakeMetaGraph();
    fake.addPage(DEMO_PAGE);
    // Oldest first, as they were published: the reel is the newest post.
    fake.addMedia(DEMO_PAGE.instagram.id, { ...DEMO_POSTS.photo, timestamp: '2026-01-10T09:00:00.000Z' });
    fake.addMedia(DEMO_PAGE.instagram.id, { ...DEMO_POSTS.reel, timestamp: '2026-01-12T18:00:00.000Z' });
    fake.addInstagramAccount(DEMO_CREATOR);
    fake.addMedia(DEMO_CREATOR.id, {
      id: '17900000000000101',
      caption: 'Nouvelle collection',
      timestamp: '2026-01-15T10:00:00.000Z',
    });
    for (const [name, value] of Object.entries(fake.env(env('META_VERIFY_TOKEN') ?? 'local-verify-token')))
      setEnv(name, value);
    const people = new Map<string, { username: string; platform: MetaPlatform }>();
    const webhookUrl = `${baseUrl}/social-accounts/meta/webhook`;

    async function write(interaction: SimulatedInteraction): Promise<SimulatedDelivery> {
      const from = {
        id:
          interaction.from.id ??
          `${interaction.platform === 'instagram' ? 'igsid' : 'psid'}-${randomBytes(5).toString('hex')}`,
        username: interaction.from.username,
      };
      people.set(from.id, { username: from.username, platform: interaction.platform });
      const accountId = interaction.platform === 'instagram' ? DEMO_PAGE.instagram.id : DEMO_PAGE.id;
      let platformMessageId: string;
      let payload: unknown;
      if (interaction.kind === 'dm') {
        platformMessageId = `m_${randomBytes(12).toString('base64url')}`;
        fake.addInboundMessage({
          accountId,
          platform: interaction.platform === 'instagram' ? 'instagram' : 'messenger',
          from,
          text: interaction.text,
          id: platformMessageId,
        });
        const tapped = { sender: from.id, mid: platformMessageId, text: interaction.text };
        const message =
          interaction.tap?.kind === 'button'
            ? metaWebhook.instagramPostback(accountId, {
                ...tapped,
                title: interaction.text,
                payload: interaction.tap.payload,
              })
            : interaction.tap?.kind === 'quick_reply'
              ? metaWebhook.instagramQuickReply(accountId, { ...tapped, payload: interaction.tap.payload })
              : metaWebhook.instagramMessage(accountId, tapped);
        payload = interaction.platform === 'instagram' ? message : { ...message, object: 'page' };
      } else {
        if (interaction.platform !== 'instagram')
          throw new SimulationInputError('comments are simulated on Instagram (the demo Page has no posts)');
        const mediaId = interaction.mediaId ?? DEMO_MEDIA;
        if (!Object.values(DEMO_POSTS).some((post) => post.id === mediaId))
          throw new SimulationInputError(
            `mediaId must be one of the demo account's posts: ${Object.values(DEMO_POSTS)
              .map((post) => post.id)
              .join(', ')}`,
          );
        platformMessageId = `1799${Date.now()}${randomBytes(3).readUIntBE(0, 3)}`;
        fake.addComment({ id: platformMessageId, mediaId, text: interaction.text, from });
        people.set(platformMessageId, { username: from.username, platform: 'instagram' });
        payload = metaWebhook.instagramComment(accountId, {
          id: platformMessageId,
          from: from.id,
          username: from.username,
          text: interaction.text,
          mediaId,
        });
      }
      const signed = signedMetaWebhook(payload, fake.appSecret);
      const statuses: number[] = [];
      for (let i = 0; i < Math.max(1, interaction.deliveries ?? 1); i++) {
        const response = await fetch(webhookUrl, {
          method: 'POST',
          headers: signed.headers,
          body: signed.body,
        });
        await response.arrayBuffer();
        statuses.push(response.status);
      }
      return {
        platform: interaction.platform,
        kind: interaction.kind,
        platformMessageId,
        dedupeKey: dedupeKeyOf(
          interaction.platform,
          interaction.tap?.kind === 'button' ? 'postback' : interaction.kind,
          platformMessageId,
        ),
        from,
        statuses,
      };
    }

    async function ownerReplies(reply: { platform: MetaPlatform; toId: string; text: string }) {
      const accountId = reply.platform === 'instagram' ? DEMO_PAGE.instagram.id : DEMO_PAGE.id;
      const conversation = [...fake.state.conversations.values()].find(
        (c) =>
          c.participant.id === reply.toId && [DEMO_PAGE.id, DEMO_PAGE.instagram.id].includes(c.accountId),
      );
      if (!conversation) throw new SimulationInputError('this person has not written to the demo account');
      const mid = `m_${randomBytes(12).toString('base64url')}`;
      conversation.messages.push({
        id: mid,
        created_time: new Date().toISOString(),
        from: { id: accountId },
        message: reply.text,
      });
      const echo = metaWebhook.instagramMessage(accountId, {
        sender: reply.toId,
        mid,
        text: reply.text,
        isEcho: true,
        appId: OWNER_APP_ID,
      });
      const signed = signedMetaWebhook(
        reply.platform === 'instagram' ? echo : { ...echo, object: 'page' },
        fake.appSecret,
      );
      const response = await fetch(webhookUrl, {
        method: 'POST',
        headers: signed.headers,
        body: signed.body,
      });
      await response.arrayBuffer();
      return { mid, status: response.status };
    }

    return {
      running: {
        fake,
        write,
        ownerReplies,
        personOf: (id) => people.get(id),
        nameOf: (id) => people.get(id)?.username,
      },
      detail: `fake Graph API and Login dialog at ${fake.url}, Page "${DEMO_PAGE.name}" with Instagram @${DEMO_PAGE.instagram.username}; Instagram Login at ${fake.instagramUrl} for @${DEMO_CREATOR.username}`,
      stop: fake.stop,
    };
  },
};

/** A simulated interaction the fake cannot represent (answered 400 by the local route). */
export class SimulationInputError extends Error {
  override name = 'SimulationInputError';
}
