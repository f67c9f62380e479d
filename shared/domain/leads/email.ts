/**
 * The email address a person gives in a message, lower-cased, or null. People write it plainly
 * ("lea.martin@gmail.com") or disguised to slip past platform filters ("lea [at] gmail [dot] com",
 * "lea arobase gmail point com", "lea(at)gmail.com"): the disguises are undone first, and only when the text
 * reads as an address afterwards. A bare " at " is only read as "@" when a " dot " follows in the same address
 * ("lea at gmail dot com"), so "meet at noon" never becomes an address.
 */
const BRACKETED_AT = /\s*[[({]\s*(?:at|arobase|@)\s*[\])}]\s*/gi;
const BRACKETED_DOT = /\s*[[({]\s*(?:dot|point)\s*[\])}]\s*/gi;
const SPOKEN = /\b([\w.+-]+)\s+(?:at|arobase)\s+([\w-]+(?:\s+(?:dot|point)\s+[\w-]+)+)\b/gi;
const ADDRESS = /[a-z0-9](?:[a-z0-9._%+-]*[a-z0-9])?@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,24}\b/i;

function undisguise(text: string): string {
  return text
    .normalize('NFKC')
    .replace(BRACKETED_AT, '@')
    .replace(BRACKETED_DOT, '.')
    .replace(/\s*＠\s*/g, '@')
    .replace(
      SPOKEN,
      (_match, local: string, domain: string) => `${local}@${domain.replace(/\s+(?:dot|point)\s+/gi, '.')}`,
    )
    .replace(/(\w)\s+@\s+(\w)/g, '$1@$2');
}

export function detectEmail(text: string): string | null {
  const match = undisguise(text).match(ADDRESS);
  return match ? match[0].toLowerCase().replace(/\.+$/, '') : null;
}
