import { saneEmail } from '../leads/email';
import { detectPhone, normalisePhone } from '../leads/phone';

/*
 * The funnel's reading of a person's message (its contactCaptured step, funnel.ts), apart from the counters: the
 * phone detector it needs evaluates libphonenumber's metadata, which code that only counts sends (the follow-ups
 * schedule) has no use for.
 */

/** Whether a message gives a phone number or an email address (typed, or a one-tap quick reply's payload). */
export function givesContact(message: { text: string; payload: string | null }): boolean {
  const tapped = message.payload ?? '';
  const tappedPhone = /^[+\d\s().-]{6,}$/.test(tapped) ? normalisePhone(tapped) : null;
  return (
    tappedPhone !== null ||
    saneEmail(tapped) !== null ||
    detectPhone(message.text) !== null ||
    saneEmail(message.text) !== null
  );
}
