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

/**
 * Domains people mistype most often, each with the address they meant: the answer is refused with a suggestion
 * ("did you mean lea@gmail.com?") rather than stored, since mail to gmial.com never reaches anyone.
 */
const TYPO_DOMAINS: Record<string, string> = {
  'gmial.com': 'gmail.com',
  'gmai.com': 'gmail.com',
  'gmal.com': 'gmail.com',
  'gmaill.com': 'gmail.com',
  'gnail.com': 'gmail.com',
  'gamil.com': 'gmail.com',
  'gmail.co': 'gmail.com',
  'gmail.con': 'gmail.com',
  'gmail.cm': 'gmail.com',
  'gmail.fr': 'gmail.com',
  'hotmial.com': 'hotmail.com',
  'hotmal.com': 'hotmail.com',
  'hotmail.con': 'hotmail.com',
  'hotmial.fr': 'hotmail.fr',
  'hotmal.fr': 'hotmail.fr',
  'yahooo.com': 'yahoo.com',
  'yaho.com': 'yahoo.com',
  'yahoo.con': 'yahoo.com',
  'yahooo.fr': 'yahoo.fr',
  'yaho.fr': 'yahoo.fr',
  'outlok.com': 'outlook.com',
  'outloo.com': 'outlook.com',
  'outlook.con': 'outlook.com',
  'outlok.fr': 'outlook.fr',
  'iclod.com': 'icloud.com',
  'icoud.com': 'icloud.com',
  'icloud.con': 'icloud.com',
  'orange.fe': 'orange.fr',
  'wanadoo.fe': 'wanadoo.fr',
  'free.fe': 'free.fr',
};

export type EmailProblem = 'no_address' | 'missing_tld' | 'typo_domain';

export type EmailCheck =
  | { ok: true; email: string }
  | { ok: false; problem: EmailProblem; suggestion: string | null };

/** Something written as `local@domain` with no dot after the @ ("lea@gmail"): an address missing its TLD. */
const WITHOUT_TLD = /[a-z0-9._%+-]+@[a-z0-9-]+(?![a-z0-9.-])/i;

/**
 * The answer to "what is your email?", checked before it is stored: an address read as detectEmail reads one,
 * whose domain has a TLD and is not a known typo of a common provider (gmial.com, hotmial.fr…: refused, the
 * intended domain suggested). Pure; no DNS lookup (the workflow makes no network call for this).
 */
export function checkEmailAnswer(text: string): EmailCheck {
  const email = detectEmail(text);
  if (email) {
    const [local, domain] = email.split('@') as [string, string];
    const meant = TYPO_DOMAINS[domain];
    if (meant) return { ok: false, problem: 'typo_domain', suggestion: `${local}@${meant}` };
    return { ok: true, email };
  }
  const bare = undisguise(text).match(WITHOUT_TLD);
  if (bare) return { ok: false, problem: 'missing_tld', suggestion: null };
  return { ok: false, problem: 'no_address', suggestion: null };
}

/** The address a message gives, unless its domain is a known typo (nothing would reach it): the lead's email. */
export function saneEmail(text: string): string | null {
  const check = checkEmailAnswer(text);
  return check.ok ? check.email : null;
}
