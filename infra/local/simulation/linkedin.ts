import { type FakeLinkedInSite, startFakeLinkedInSite } from '../../../test/fakes/linkedin-site';
import type { ProviderSimulation } from './types';

/**
 * Simulated LinkedIn: the fake site (login wall, inbox, threads, CSRF-checked send box) for the browser worker,
 * with a demo member and one conversation, LINKEDIN_URL pointed at it so a local stage never drives the real
 * linkedin.com by accident.
 */
export const startSimulatedLinkedIn: ProviderSimulation<FakeLinkedInSite> = {
  provider: 'LinkedIn',
  realWhen: ['LINKEDIN_URL'],
  whenAbsent: {
    mode: 'real',
    detail: 'https://www.linkedin.com with the li_at session a workspace connects',
  },
  async start({ setEnv }) {
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
    return {
      running: site,
      // The fake cookie is no secret: printing it is what lets a newcomer try POST /social-accounts/linkedin/connect.
      detail: `fake LinkedIn site at ${site.url}, demo member's li_at cookie ${member.liAt}`,
      stop: site.stop,
    };
  },
};
