/**
 * The lead columns every CRM sync and the CSV export must show, in order, written out here as the contract says
 * them (not imported from shared/domain/leads/lead-fields.ts, so a change there fails the tests that use these).
 */
export const LEAD_COLUMN_TITLES = [
  'Name',
  'Username',
  'Platform',
  'Status',
  'Score',
  'Phone',
  'Email',
  'Tags',
  'Notes',
  'Last message',
  'Last interaction',
  'Created',
  'Interactions',
  'Prospect class',
  'Lead ID',
];

/** A Notion database the owner prepared with those columns and their property types. */
export const NOTION_LEAD_SCHEMA = {
  Name: 'title',
  Username: 'rich_text',
  Platform: 'select',
  Status: 'select',
  Score: 'number',
  Phone: 'phone_number',
  Email: 'email',
  Tags: 'multi_select',
  Notes: 'rich_text',
  'Last message': 'rich_text',
  'Last interaction': 'date',
  Created: 'date',
  Interactions: 'number',
  'Prospect class': 'select',
  'Lead ID': 'rich_text',
} as const;
