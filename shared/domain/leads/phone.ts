import { type CountryCode, findPhoneNumbersInText } from 'libphonenumber-js/max';

/**
 * Finds the first plausible phone number in a message and returns it in E.164, or null.
 * Default region FR: "06 12 34 56 78" → +33612345678; international forms ("+33 6…", "0033 6…") work anywhere.
 */
export function detectPhone(text: string, defaultCountry: CountryCode = 'FR'): string | null {
  const normalised = text.replace(/(?<=\d)[.\-·•]+(?=\d)/g, ' ').replace(/(^|\s)00(?=[1-9]\d)/g, '$1+');
  for (const found of findPhoneNumbersInText(normalised, { defaultCountry, extended: false } as never)) {
    if (found.number.isValid()) return found.number.number;
  }
  return null;
}
