import type { Lead } from './lead';

/**
 * The complete, flat view of a lead that leaves the system: the CSV export's columns and every CRM's field
 * mapping are built from this one list, so a field added here reaches all of them.
 */
export interface LeadExportRow {
  leadId: string;
  name: string;
  username: string;
  platform: string;
  status: string;
  score: number;
  phone: string;
  email: string;
  tags: string[];
  notes: string;
  lastMessage: string;
  lastInteractionAt: string;
  createdAt: string;
  interactionCount: number;
  prospectClass: string;
}

/** Column titles as they appear in the CSV header row and in CRM field/column names. */
export const LEAD_FIELD_TITLES: Record<keyof LeadExportRow, string> = {
  name: 'Name',
  username: 'Username',
  platform: 'Platform',
  status: 'Status',
  score: 'Score',
  phone: 'Phone',
  email: 'Email',
  tags: 'Tags',
  notes: 'Notes',
  lastMessage: 'Last message',
  lastInteractionAt: 'Last interaction',
  createdAt: 'Created',
  interactionCount: 'Interactions',
  prospectClass: 'Prospect class',
  leadId: 'Lead ID',
};

/** Column order of the CSV and of the Sheets row. */
export const LEAD_FIELD_ORDER = Object.keys(LEAD_FIELD_TITLES) as Array<keyof LeadExportRow>;

export function leadExportRow(lead: Lead): LeadExportRow {
  return {
    leadId: lead.id,
    name: lead.displayName ?? lead.username ?? '',
    username: lead.username ?? '',
    platform: lead.platform,
    status: lead.status,
    score: lead.score,
    phone: lead.phone ?? '',
    email: lead.email ?? '',
    tags: lead.tags ?? [],
    notes: lead.notes ?? '',
    lastMessage: lead.lastMessageText ?? '',
    lastInteractionAt: lead.lastInteractionAt,
    createdAt: lead.createdAt,
    interactionCount: lead.interactionCount ?? 0,
    prospectClass: lead.prospectClass ?? '',
  };
}

/** The row as an ordered list of plain cells (tags joined), for CSV and spreadsheet rows. */
export function leadRowCells(row: LeadExportRow): Array<string | number> {
  return LEAD_FIELD_ORDER.map((field) => {
    const value = row[field];
    return Array.isArray(value) ? value.join(', ') : value;
  });
}
