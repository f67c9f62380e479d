/**
 * THE plan catalog: quota checks, billing (Stripe price mapping), the API and OpenAPI all read this.
 * Money in minor units. `dmPerDay: null` means unlimited; `aiTokensPerMonth` is the monthly AI budget.
 */
export const PLAN_IDS = ['freemium', 'premium', 'ultra'] as const;
export type PlanId = (typeof PLAN_IDS)[number];

export interface PlanFeatures {
  /** Replies written by OpenAI; without it the rule-based engine writes them. */
  aiReplies: boolean;
  /** Lead sync to Google Sheets / Notion / Airtable. */
  crmSync: boolean;
  /** LinkedIn automation in a headless browser. */
  linkedinAutomation: boolean;
  /**
   * The model qualifies every lead (hot / warm / cold with its reason, the score's `ai_class_*` factor) and
   * gives a second opinion on an ambiguous phone number; each call spends the monthly AI budget.
   */
  aiLeadQualification: boolean;
}

export interface Plan {
  id: PlanId;
  name: string;
  price: { amountMinor: number; currency: 'EUR'; interval: 'month' } | null;
  dmPerDay: number | null;
  /**
   * OpenAI tokens (prompt + completion) the workspace's AI calls may spend in a calendar month (UTC); 0 when
   * the plan has no AI. Past it the rule engine answers until the month ends.
   */
  aiTokensPerMonth: number;
  features: PlanFeatures;
}

export const PLANS: Record<PlanId, Plan> = {
  freemium: {
    id: 'freemium',
    name: 'Freemium',
    price: null,
    dmPerDay: 10,
    aiTokensPerMonth: 0,
    features: { aiReplies: false, crmSync: false, linkedinAutomation: false, aiLeadQualification: false },
  },
  premium: {
    id: 'premium',
    name: 'Premium',
    price: { amountMinor: 1499, currency: 'EUR', interval: 'month' },
    dmPerDay: 100,
    // About 1,400 replies at the ~700 tokens a reply costs with the knowledge in the prompt (gpt-4o-mini:
    // about $0.15 of tokens a month, a small share of the plan's price).
    aiTokensPerMonth: 1_000_000,
    features: { aiReplies: true, crmSync: true, linkedinAutomation: false, aiLeadQualification: false },
  },
  ultra: {
    id: 'ultra',
    name: 'Ultra',
    price: { amountMinor: 2999, currency: 'EUR', interval: 'month' },
    dmPerDay: null,
    aiTokensPerMonth: 5_000_000,
    features: { aiReplies: true, crmSync: true, linkedinAutomation: true, aiLeadQualification: true },
  },
};

export function planOf(id: string | undefined): Plan {
  return PLANS[(PLAN_IDS as readonly string[]).includes(id ?? '') ? (id as PlanId) : 'freemium'];
}
