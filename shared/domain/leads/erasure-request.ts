import { foldText } from './lead-search';

/**
 * Whether a message asks for the person's data to be deleted (GDPR art. 17, "droit à l'effacement"): an erasure
 * verb and "my data" (or a synonym) in the same sentence, in either order, or a named right ("droit à l'oubli",
 * "right to be forgotten"). French and English, accents and case ignored. It only flags the lead for the owner,
 * who decides and erases (DELETE /leads/{id}): a false positive costs a look, a miss costs a right, so the rule is
 * broad ("how do I delete my data?" counts) and never acts on its own.
 */
const VERB = String.raw`(?:supprim|suppress|effac|retir|detrui|delete|deletion|erase|remove|wipe|destroy)\w*`;
const DATA = String.raw`(?:mes|toutes mes|nos|my|all my|our)\s+(?:donnees|informations|infos|coordonnees|data|personal data|personal information|information|info|details)`;
const PERSONAL = 'donnees personnelles';
const ABOUT_ME = new RegExp(
  String.raw`\b${VERB}\b[^.!?\n]{0,60}\b(?:${DATA}|${PERSONAL})\b|\b(?:${DATA}|${PERSONAL})\b[^.!?\n]{0,60}\b${VERB}\b`,
);
const NAMED_RIGHT = /\b(?:droit a l'?\s?oubli|droit a l'?\s?effacement|right to (?:be forgotten|erasure))\b/;

export function asksForDataErasure(text: string | null | undefined): boolean {
  if (!text) return false;
  const folded = foldText(text).replace(/[’`]/g, "'");
  return ABOUT_ME.test(folded) || NAMED_RIGHT.test(folded);
}
