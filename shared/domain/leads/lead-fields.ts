import { CSV_RECORD_END, csvCell } from './csv';
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

/** How each field is read from a lead: leadExportRow and the CSV's cells both read through this one table. */
const FIELD_OF: { [K in keyof LeadExportRow]: (lead: Lead) => LeadExportRow[K] } = {
  leadId: (lead) => lead.id,
  name: (lead) => lead.displayName ?? lead.username ?? '',
  username: (lead) => lead.username ?? '',
  platform: (lead) => lead.platform,
  status: (lead) => lead.status,
  score: (lead) => lead.score,
  phone: (lead) => lead.phone ?? '',
  email: (lead) => lead.email ?? '',
  tags: (lead) => lead.tags ?? [],
  notes: (lead) => lead.notes ?? '',
  lastMessage: (lead) => lead.lastMessageText ?? '',
  lastInteractionAt: (lead) => lead.lastInteractionAt,
  createdAt: (lead) => lead.createdAt,
  interactionCount: (lead) => lead.interactionCount ?? 0,
  prospectClass: (lead) => lead.prospectClass ?? '',
};

const ROW_FIELDS = Object.keys(FIELD_OF) as Array<keyof LeadExportRow>;

export function leadExportRow(lead: Lead): LeadExportRow {
  const row: Partial<Record<keyof LeadExportRow, unknown>> = {};
  for (const field of ROW_FIELDS) row[field] = FIELD_OF[field](lead);
  return row as LeadExportRow;
}

/** The row as an ordered list of plain cells (tags joined), for CSV and spreadsheet rows. */
export function leadRowCells(row: LeadExportRow): Array<string | number> {
  return LEAD_FIELD_ORDER.map((field) => plainCell(row[field]));
}

const plainCell = (value: LeadExportRow[keyof LeadExportRow]): string | number =>
  Array.isArray(value) ? value.join(', ') : value;

/** The columns' cell readers in LEAD_FIELD_ORDER, resolved once. */
const CELL_READERS = LEAD_FIELD_ORDER.map((field) => (lead: Lead) => plainCell(FIELD_OF[field](lead)));

/**
 * A lead's CSV record, the same as csvRecord(leadRowCells(leadExportRow(lead))) without the row object, the
 * cell array and the join in between: the export's per-row path.
 */
export function leadCsvRecord(lead: Lead): string {
  let record = csvCell(CELL_READERS[0]!(lead));
  for (let i = 1; i < CELL_READERS.length; i++) record += `,${csvCell(CELL_READERS[i]!(lead))}`;
  return record + CSV_RECORD_END;
}
