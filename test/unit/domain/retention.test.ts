import { describe, expect, it } from 'vitest';
import {
  addMonths,
  interactionCutoff,
  interactionExpiresAt,
  interactionRetentionMonths,
  isExpired,
  traceExpiresAt,
} from '../../../shared/domain/retention/retention';

const at = (iso: string) => new Date(iso);

describe('Module: retention', () => {
  describe('Function: addMonths', () => {
    it('moves by calendar months in UTC and clamps the day to the end of a shorter month', () => {
      expect(addMonths(at('2026-01-31T10:00:00.000Z'), 1).toISOString()).toBe('2026-02-28T10:00:00.000Z');
      expect(addMonths(at('2028-01-31T10:00:00.000Z'), 1).toISOString()).toBe('2028-02-29T10:00:00.000Z');
      expect(addMonths(at('2026-03-15T23:59:59.999Z'), -12).toISOString()).toBe('2025-03-15T23:59:59.999Z');
      expect(addMonths(at('2026-12-05T00:00:00.000Z'), 2).toISOString()).toBe('2027-02-05T00:00:00.000Z');
    });
  });

  describe('Function: interactionRetentionMonths', () => {
    it('is 12 months unless the workspace chose otherwise', () => {
      expect(interactionRetentionMonths(undefined)).toBe(12);
      expect(interactionRetentionMonths(null)).toBe(12);
      expect(interactionRetentionMonths(3)).toBe(3);
    });
  });

  describe('Function: interactionCutoff / interactionExpiresAt / isExpired', () => {
    it('agree: an interaction is shown until its TTL, and expired from the cutoff on', () => {
      // Prepare
      const occurredAt = '2026-01-10T08:00:00.000Z';
      const ttl = interactionExpiresAt(occurredAt, 12);

      // Act
      const justBefore = new Date(ttl * 1000 - 1000);
      const atExpiry = new Date(ttl * 1000);

      // Assess
      expect(new Date(ttl * 1000).toISOString()).toBe('2027-01-10T08:00:00.000Z');
      expect(isExpired(ttl, justBefore)).toBe(false);
      expect(occurredAt >= interactionCutoff(justBefore, 12)).toBe(true);
      expect(isExpired(ttl, atExpiry)).toBe(true);
      expect(occurredAt >= interactionCutoff(new Date(atExpiry.getTime() + 1), 12)).toBe(false);
      expect(isExpired(undefined, atExpiry)).toBe(false);
    });

    it('keeps traces 30 days', () => {
      const ttl = traceExpiresAt('2026-05-01T00:00:00.000Z');
      expect(new Date(ttl * 1000).toISOString()).toBe('2026-05-31T00:00:00.000Z');
    });
  });
});
