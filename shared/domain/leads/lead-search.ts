import type { Lead } from './lead';

/** Lower-case and strip accents, so "Éloïse" matches "eloise" — the way people type in a search box. */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}

/** Whether a lead matches a free-text search over the fields a user recognises a lead by. */
export function leadMatchesText(lead: Partial<Lead>, folded: string): boolean {
  if (folded === '') return true;
  const haystack = [
    lead.displayName,
    lead.username,
    lead.email,
    lead.phone,
    lead.notes,
    lead.lastMessageText,
    lead.externalUserId,
    ...(lead.tags ?? []),
  ];
  return haystack.some((value) => typeof value === 'string' && foldText(value).includes(folded));
}
