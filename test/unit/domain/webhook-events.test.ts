import { describe, expect, it } from 'vitest';
import { isSuccessStatus, nextAttemptAfter, RETRY_WINDOW_MS } from '../../../shared/domain/webhooks/backoff';
import { deliveryIdOf, eventIdOf, signatureHeader } from '../../../shared/domain/webhooks/events';
import { verifyFlowiaSignature } from '../../support/webhook-receiver';

describe('Function: signatureHeader', () => {
  it('signs "<t>.<body>" with HMAC-SHA256 as Stripe does, and a receiver verifies it', () => {
    // Prepare
    const body = JSON.stringify({ id: 'evt_1', type: 'lead.created' });
    const secret = 'whsec_test';

    // Act
    const header = signatureHeader(secret, body, 1_900_000_000);

    // Assess
    expect(header).toMatch(/^t=1900000000,v1=[0-9a-f]{64}$/);
    expect(verifyFlowiaSignature(header, body, secret, 1_900_000_010)).toBe(true);
    expect(verifyFlowiaSignature(header, `${body} `, secret, 1_900_000_010)).toBe(false);
    expect(verifyFlowiaSignature(header, body, 'whsec_other', 1_900_000_010)).toBe(false);
    expect(verifyFlowiaSignature(header, body, secret, 1_900_000_000 + 301)).toBe(false);
  });
});

describe('Function: eventIdOf', () => {
  it('gives the same occurrence the same id, and each delivery of it one id per endpoint', () => {
    // Assess
    expect(eventIdOf('lead.created', 'ws', 'lead1')).toBe(eventIdOf('lead.created', 'ws', 'lead1'));
    expect(eventIdOf('lead.created', 'ws', 'lead1')).not.toBe(eventIdOf('lead.created', 'ws', 'lead2'));
    expect(eventIdOf('lead.created', 'ws', 'lead1')).toMatch(/^evt_[0-9a-f]{32}$/);
    expect(deliveryIdOf('evt_1', 'a')).not.toBe(deliveryIdOf('evt_1', 'b'));
  });
});

describe('Function: nextAttemptAfter', () => {
  it('backs off exponentially from one minute up to six hours, and stops after the 24-hour window', () => {
    // Prepare
    const start = new Date(Date.UTC(2030, 0, 1));
    const until = new Date(start.getTime() + RETRY_WINDOW_MS);
    const delays: number[] = [];
    let now = start;

    // Act
    for (let failed = 1; ; failed++) {
      const next = nextAttemptAfter(failed, now, until);
      if (!next) break;
      delays.push((next.getTime() - now.getTime()) / 60_000);
      now = next;
    }

    // Assess
    expect(delays.slice(0, 9)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256]);
    expect(Math.max(...delays)).toBe(360);
    expect(now.getTime()).toBeLessThanOrEqual(until.getTime());
    expect(until.getTime() - now.getTime()).toBeLessThan(360 * 60_000);
    expect(isSuccessStatus(204)).toBe(true);
    expect(isSuccessStatus(302)).toBe(false);
  });
});
