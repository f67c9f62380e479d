import type { Intent } from '../../../shared/services/ai/rules/intents';

/**
 * One labelled message of the AI corpus, written against SAMPLE_KNOWLEDGE. Labels say what a careful human
 * would expect, not what the engine does:
 * - `intent`: the message's main intent; when it shows several, the first in this order (`primaryIntent`):
 *   spam, complaint, not interested, contact details given, order, delivery (its cost included), price,
 *   availability, location, hours, thanks, compliment, greeting, and a plain question last;
 * - `handover`: a person must take over (a complaint, a question the knowledge cannot answer); default false;
 * - `phone` (E.164) and `email`: what should be extracted; absent means none;
 * - `must`: facts of the knowledge a good reply states; `mustNot`: plausible facts that are NOT in the
 *   knowledge, which a reply must never state.
 */
export interface AiCase {
  kind: 'dm' | 'comment';
  text: string;
  intent: Intent;
  handover?: boolean;
  phone?: string;
  email?: string;
  must?: string[];
  mustNot?: string[];
}
