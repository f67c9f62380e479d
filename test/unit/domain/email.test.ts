import { describe, expect, it } from 'vitest';
import { detectEmail } from '../../../shared/domain/leads/email';

describe('Function: detectEmail', () => {
  it('finds a plain or disguised address, lower-cased', () => {
    // Prepare
    const messages = [
      'mon mail lea.martin@gmail.com merci',
      'lea [at] gmail [dot] com',
      'lea arobase gmail point com',
      'lea(at)gmail.com',
      'écrivez à contact @ atelier.fr svp',
      'JEAN@Orange.FR.',
      'a.b+shop@sub.domain.co.uk',
    ];

    // Act
    const found = messages.map(detectEmail);

    // Assess
    expect(found).toEqual([
      'lea.martin@gmail.com',
      'lea@gmail.com',
      'lea@gmail.com',
      'lea@gmail.com',
      'contact@atelier.fr',
      'jean@orange.fr',
      'a.b+shop@sub.domain.co.uk',
    ]);
  });

  it('reads no address where there is none', () => {
    // Prepare
    const messages = [
      'meet at noon dot',
      'see you at 5',
      'bougie@ 24€',
      'pas de mail',
      '@lea_martin sur insta',
    ];

    // Act
    const found = messages.map(detectEmail);

    // Assess
    expect(found).toEqual(messages.map(() => null));
  });
});
