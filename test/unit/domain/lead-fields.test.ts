import { describe, expect, it } from 'vitest';
import { csvRecord } from '../../../shared/domain/leads/csv';
import type { Lead } from '../../../shared/domain/leads/lead';
import {
  LEAD_FIELD_ORDER,
  leadCsvRecord,
  leadExportRow,
  leadRowCells,
} from '../../../shared/domain/leads/lead-fields';

const lead: Lead = {
  id: 'lead-1',
  workspaceId: 'ws-1',
  platform: 'instagram',
  externalUserId: 'ext-1',
  displayName: '=HYPERLINK("http://evil.example","x")',
  username: 'ana, the "best"',
  status: 'qualified',
  score: -5,
  scoreFactors: [{ factor: 'asked_price', points: 20 }],
  prospectClass: null,
  phone: '+33612345678',
  email: null,
  tags: ['vip', 'paris'],
  notes: 'two\nlines',
  interactionCount: 3,
  lastInteractionAt: '2026-01-02T10:00:00.000Z',
  lastMessageText: '@SUM(A1:A2)',
  createdAt: '2026-01-01T10:00:00.000Z',
  updatedAt: '2026-01-02T10:00:00.000Z',
  crm: {},
  lastDeliveryError: null,
};

describe('Function: leadCsvRecord', () => {
  it('writes the same record as csvRecord over leadRowCells(leadExportRow(lead))', () => {
    // Prepare
    const sparse = {
      ...lead,
      displayName: null,
      username: null,
      tags: undefined,
      interactionCount: undefined,
    };

    // Act
    const records = [lead, sparse].map((l) => leadCsvRecord(l as Lead));

    // Assess
    expect(records).toEqual([lead, sparse].map((l) => csvRecord(leadRowCells(leadExportRow(l as Lead)))));
    expect(records[0]).toBe(
      `"'=HYPERLINK(""http://evil.example"",""x"")","ana, the ""best""",instagram,qualified,-5,+33612345678,,"vip, paris","two\nlines",'@SUM(A1:A2),2026-01-02T10:00:00.000Z,2026-01-01T10:00:00.000Z,3,,lead-1\r\n`,
    );
  });
});

describe('Function: leadExportRow', () => {
  it('gives every column of LEAD_FIELD_ORDER, defaults for missing fields', () => {
    // Act
    const row = leadExportRow({ ...lead, displayName: null, email: null } as Lead);

    // Assess
    expect(Object.keys(row).sort()).toEqual([...LEAD_FIELD_ORDER].sort());
    expect(row).toMatchObject({
      leadId: 'lead-1',
      name: 'ana, the "best"',
      email: '',
      tags: ['vip', 'paris'],
    });
  });
});
