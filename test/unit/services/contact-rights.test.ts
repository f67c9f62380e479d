import { describe, expect, it } from 'vitest';
import type { Lead } from '../../../shared/domain/leads/lead';
import type { CrmErasureOutcome } from '../../../shared/services/crm/ports';
import { ContactRightsService, ERASURE_LEASE_MS } from '../../../shared/services/leads/contact-rights';
import type { ContactDataStore, ContactErasure } from '../../../shared/services/leads/ports';
import { makeLead } from '../../support/leads';

const WS = 'ws-rights';
const USER1 = { type: 'user' as const, id: 'user-1' };
const USER2 = { type: 'user' as const, id: 'user-2' };
const STEPS = [
  'eraseWebhookDeliveries',
  'eraseNotifications',
  'anonymiseDeliveries',
  'eraseInteractions',
  'eraseConversation',
  'eraseLead',
] as const;

/** An in-memory contact store that records each erase step and can crash once at a named one. */
function world(options: { crashAt?: (typeof STEPS)[number]; crm?: CrmErasureOutcome[] } = {}) {
  let now = Date.parse('2026-03-01T10:00:00.000Z');
  const clock = () => new Date(now);
  const leads = new Map<string, Lead>();
  const markers = new Map<string, ContactErasure>();
  const steps: string[] = [];
  let crashAt = options.crashAt;
  const crmCalls: string[] = [];
  const audited: string[] = [];
  const step = (name: (typeof STEPS)[number]) => async () => {
    if (crashAt === name) {
      crashAt = undefined;
      throw new Error(`crash in ${name}`);
    }
    steps.push(name);
    return 1;
  };
  const contacts: ContactDataStore = {
    collect: async () => ({
      interactions: [],
      messages: [],
      conversation: null,
      deliveries: [],
      crmOutbox: [],
      notifications: [],
      webhookDeliveries: [],
    }),
    getErasure: async (_ws, leadId) => structuredClone(markers.get(leadId)),
    claimErasure: async (erasure, at) => {
      const current = markers.get(erasure.leadId);
      if (current && current.status !== 'erased' && current.leaseUntil >= at) return false;
      markers.set(erasure.leadId, structuredClone(erasure));
      return true;
    },
    recordCrmOutcomes: async (_ws, leadId, crm) => {
      const marker = markers.get(leadId);
      if (marker) marker.crm = crm;
    },
    eraseWebhookDeliveries: step('eraseWebhookDeliveries'),
    eraseNotifications: step('eraseNotifications'),
    anonymiseDeliveries: step('anonymiseDeliveries'),
    eraseInteractions: step('eraseInteractions'),
    eraseConversation: step('eraseConversation'),
    eraseLead: async (_ws, leadId) => {
      await step('eraseLead')();
      leads.delete(leadId);
    },
    finishErasure: async (_ws, leadId, at, counts) => {
      const marker = markers.get(leadId);
      if (marker) Object.assign(marker, { status: 'erased', erasedAt: at, counts });
    },
  };
  const service = new ContactRightsService({
    leads: { get: async (_ws, id) => leads.get(id) },
    contacts,
    crm: {
      queue: async (_ws, lead) => {
        crmCalls.push(lead.id);
        return options.crm ?? [];
      },
    },
    audit: { record: async (_ws, _actor, action) => void audited.push(action) },
    now: clock,
  });
  const lead = makeLead(WS, {
    displayName: 'Camille',
    crm: { notion: { status: 'synced', at: '2026-03-01T09:00:00.000Z', externalId: 'page-1' } },
  });
  leads.set(lead.id, lead);
  return {
    service,
    lead,
    leads,
    markers,
    steps,
    crmCalls,
    audited,
    advance: (ms: number) => (now += ms),
  };
}

describe('Class: ContactRightsService', () => {
  describe('Method: erase', () => {
    it('queues the CRM records, then runs every local step with the lead last, and closes the marker', async () => {
      // Prepare
      const w = world();

      // Act
      const result = await w.service.erase(WS, w.lead.id, USER1);

      // Assess
      expect(w.crmCalls).toEqual([w.lead.id]);
      expect(w.steps).toEqual([...STEPS]);
      expect(result).toMatchObject({ status: 'erased', requestedBy: 'user-1', crm: [] });
      expect(w.markers.get(w.lead.id)?.status).toBe('erased');
      expect(w.audited).toEqual(['lead.erased']);
    });

    it.each(STEPS)(
      'finishes the job on the next call after a crash in %s, without queuing the CRM records again',
      async (at) => {
        // Prepare
        const w = world({ crashAt: at });
        await expect(w.service.erase(WS, w.lead.id, USER1)).rejects.toThrow(`crash in ${at}`);
        w.advance(ERASURE_LEASE_MS + 1);

        // Act
        const result = await w.service.erase(WS, w.lead.id, USER1);

        // Assess
        expect(result.status).toBe('erased');
        expect(w.leads.has(w.lead.id)).toBe(false);
        expect(w.crmCalls).toEqual([w.lead.id]);
        expect(w.steps.filter((s) => s === 'eraseLead')).toEqual(['eraseLead']);
      },
    );

    it('refuses a second erasure while the first holds its lease (409), then answers 204 again once erased', async () => {
      // Prepare
      const w = world({ crashAt: 'eraseInteractions' });
      await expect(w.service.erase(WS, w.lead.id, USER1)).rejects.toThrow();

      // Act
      const during = w.service.erase(WS, w.lead.id, USER2);

      // Assess
      await expect(during).rejects.toMatchObject({ status: 409 });
      w.advance(ERASURE_LEASE_MS + 1);
      await w.service.erase(WS, w.lead.id, USER2);
      const again = await w.service.erase(WS, w.lead.id, USER2);
      expect(again.status).toBe('erased');
    });

    it('is 404 for a lead it never held', async () => {
      const w = world();
      await expect(w.service.erase(WS, 'unknown-lead', USER1)).rejects.toMatchObject({ status: 404 });
    });

    it('writes the queued CRM records on the marker, pending', async () => {
      // Prepare
      const w = world({ crm: [{ crm: 'notion', externalId: 'page-1', status: 'pending' }] });

      // Act
      const result = await w.service.erase(WS, w.lead.id, USER1);

      // Assess
      expect(result.crm).toEqual([{ crm: 'notion', externalId: 'page-1', status: 'pending' }]);
      expect(w.markers.get(w.lead.id)?.crm).toEqual(result.crm);
    });
  });
});
