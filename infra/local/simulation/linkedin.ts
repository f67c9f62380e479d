import { randomBytes } from 'node:crypto';
import { dedupeKeyOf } from '../../../shared/domain/messages/dedupe-key';
import { type FakeLinkedInSite, startFakeLinkedInSite } from '../../../simulation/linkedin-site';
import type { ProviderSimulation } from './types';

/** A simulated person's LinkedIn DM, written on the fake site (the browser worker syncs it from there). */
export interface SimulatedLinkedInDm {
  platform: 'linkedin';
  kind: 'dm';
  platformMessageId: string;
  dedupeKey: string;
  conversationId: string;
  from: { id: string; username: string };
}

export interface SimulatedLinkedIn {
  site: FakeLinkedInSite;
  /** The demo member's session cookie: what POST /social-accounts/linkedin/connect takes. */
  demoCookie: string;
  /** A person writes to the demo member (in their existing conversation, or a new one). */
  dm(from: { id?: string; username: string }, text: string): SimulatedLinkedInDm;
  /** What Flow IA typed in the fake's send boxes, newest last. */
  sent(): Array<{ id: string; to: string; toId: string; text: string }>;
}

/**
 * Simulated LinkedIn: the fake site (login wall, inbox, threads, CSRF-checked send box) for the browser worker,
 * with a demo member and one conversation, LINKEDIN_URL pointed at it so a local stage never drives the real
 * linkedin.com by accident. The fake never sleeps, so its browser jobs run at any hour with short pauses
 * (LINKEDIN_WORKING_HOURS 0-24, pauses of 0.1–0.3 s, 5–15 ms a keystroke); against the real site the configured pacing applies.
 */
export const startSimulatedLinkedIn: ProviderSimulation<SimulatedLinkedIn> = {
  provider: 'LinkedIn',
  realWhen: ['LINKEDIN_URL'],
  whenAbsent: {
    mode: 'real',
    detail: 'https://www.linkedin.com with the li_at session a workspace connects',
  },
  async start({ setEnv, env }) {
    const site = await startFakeLinkedInSite();
    const member = site.addMember({
      name: 'Demo Shop',
      conversations: [
        {
          participant: { profileId: 'claire-dupont-demo', name: 'Claire Dupont' },
          messages: [{ fromMember: false, text: 'Bonjour, quels sont vos tarifs pour une équipe de 10 ?' }],
        },
      ],
    });
    setEnv('LINKEDIN_URL', site.url);
    if (!env('LINKEDIN_WORKING_HOURS')) setEnv('LINKEDIN_WORKING_HOURS', '0-24');
    if (!env('LINKEDIN_PAUSE_MIN_MS')) setEnv('LINKEDIN_PAUSE_MIN_MS', '100');
    if (!env('LINKEDIN_PAUSE_MAX_MS')) setEnv('LINKEDIN_PAUSE_MAX_MS', '300');
    if (!env('LINKEDIN_TYPING_MIN_MS')) setEnv('LINKEDIN_TYPING_MIN_MS', '5');
    if (!env('LINKEDIN_TYPING_MAX_MS')) setEnv('LINKEDIN_TYPING_MAX_MS', '15');
    return {
      running: {
        site,
        demoCookie: member.liAt,
        dm(from, text) {
          const profileId =
            from.id ?? `${from.username.replace(/[^\w-]/g, '-')}-${randomBytes(3).toString('hex')}`;
          let conversation = member.conversations.find((c) => c.participant.profileId === profileId);
          if (!conversation) {
            conversation = {
              id: `2-${randomBytes(8).toString('base64url')}`,
              participant: { profileId, name: from.username },
              messages: [],
            };
            // Newest conversation first, as LinkedIn lists them.
            member.conversations.unshift(conversation);
          }
          const id = `urn:li:msg:sim-${randomBytes(6).toString('hex')}`;
          conversation.messages.push({
            id,
            senderProfileId: profileId,
            senderName: from.username,
            text,
            sentAt: new Date().toISOString(),
          });
          return {
            platform: 'linkedin',
            kind: 'dm',
            platformMessageId: id,
            dedupeKey: dedupeKeyOf('linkedin', 'dm', id),
            conversationId: conversation.id,
            from: { id: profileId, username: from.username },
          };
        },
        sent: () =>
          site.state.sent
            .filter((s) => s.liAt === member.liAt)
            .map((s) => {
              const conversation = member.conversations.find((c) => c.id === s.conversationId);
              return {
                id: s.messageId,
                to: conversation?.participant.name ?? s.conversationId,
                toId: conversation?.participant.profileId ?? s.conversationId,
                text: s.text,
              };
            }),
      },
      detail: `fake LinkedIn site at ${site.url} with a demo member; browser jobs at any hour, short pauses`,
      stop: site.stop,
    };
  },
};
