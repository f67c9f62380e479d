/** The placeholders a scenario message may use. */
export const TEMPLATE_VARIABLES = ['firstName', 'username'] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Names used in a template that are not known variables (shown as validation errors). */
export function unknownPlaceholders(template: string): string[] {
  const unknown = new Set<string>();
  for (const [, name] of template.matchAll(PLACEHOLDER))
    if (!(TEMPLATE_VARIABLES as readonly string[]).includes(name!)) unknown.add(name!);
  return [...unknown];
}

export interface TemplateAuthor {
  displayName: string | null;
  username: string | null;
}

/** First word of the display name; the username when there is no display name. */
export function firstNameOf(author: TemplateAuthor): string {
  const first = author.displayName?.trim().split(/\s+/)[0];
  return first || author.username || '';
}

/**
 * Fills {{firstName}} and {{username}}. A missing value becomes an empty string and the doubled spaces it leaves
 * are collapsed, so "Bonjour {{firstName}} !" reads "Bonjour !" rather than "Bonjour  !".
 */
export function renderTemplate(template: string, author: TemplateAuthor): string {
  const values: Record<TemplateVariable, string> = {
    firstName: firstNameOf(author),
    username: author.username ?? '',
  };
  return template
    .replace(PLACEHOLDER, (_, name: string) => values[name as TemplateVariable] ?? '')
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/ +([,.])/g, '$1')
    .trim();
}
