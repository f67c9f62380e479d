import { describe, expect, it } from 'vitest';
import type { LinkedInTermsAcknowledgement } from '../../../shared/domain/linkedin/terms';
import {
  LinkedInService,
  type LinkedInServiceDeps,
} from '../../../shared/services/linkedin/linkedin-service';

/** Only what connect touches before it stores anything; everything else fails loudly if reached. */
function service(standing?: LinkedInTermsAcknowledgement) {
  const puts: unknown[] = [];
  const acknowledged: LinkedInTermsAcknowledgement[] = [];
  const unreachable = () => {
    throw new Error('not reached before the terms check');
  };
  const deps = {
    accounts: { put: async (a: unknown) => void puts.push(a), list: async () => [] },
    terms: {
      get: async () => standing,
      acknowledge: async (_ws: string, ack: LinkedInTermsAcknowledgement) => {
        acknowledged.push(ack);
        return ack;
      },
    },
    vault: { sealJson: unreachable, openJson: unreachable },
    // LinkedIn automation is an Ultra feature, checked before the terms.
    planOf: async () => 'ultra',
    clock: { now: () => new Date('2026-11-25T10:00:00.000Z') },
  } as unknown as LinkedInServiceDeps;
  return { linkedIn: new LinkedInService(deps), puts, acknowledged };
}

describe('Class: LinkedInService', () => {
  describe('Method: connect (terms acknowledgement)', () => {
    it('refuses the first connection without the acknowledgement, with the warning, and stores nothing', async () => {
      // Prepare
      const { linkedIn, puts, acknowledged } = service();
      // Act
      const failure = await linkedIn
        .connect('ws-1', { userId: 'owner-1', role: 'owner' }, { liAt: 'AQEDAR-cookie' })
        .catch((error: unknown) => error);
      // Assess
      expect(failure).toMatchObject({ status: 409, code: 'linkedin_terms_not_acknowledged' });
      expect((failure as Error).message).toContain("LinkedIn's User Agreement (section 8.2)");
      expect(puts).toEqual([]);
      expect(acknowledged).toEqual([]);
    });

    it('lets only the owner acknowledge: an admin gets 403 and nothing is stored', async () => {
      // Prepare
      const { linkedIn, puts, acknowledged } = service();
      // Act
      const failure = await linkedIn
        .connect(
          'ws-1',
          { userId: 'admin-1', role: 'admin' },
          { liAt: 'AQEDAR-cookie', acknowledgeTerms: true },
        )
        .catch((error: unknown) => error);
      // Assess
      expect(failure).toMatchObject({ status: 403, code: 'forbidden' });
      expect(puts).toEqual([]);
      expect(acknowledged).toEqual([]);
    });
  });
});
