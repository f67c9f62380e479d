/**
 * The phone detector (domain/leads/phone.ts), imported when an engine first reads a number: evaluating it
 * evaluates libphonenumber's `max` metadata (~190 KB), most of what the Lambdas holding the AI engines (the
 * GenerateReply step, the follow-ups schedule) would add to a cold start. They need it only when the rules write
 * a reply to a message that has digits in it, classify a lead or summarise without a stored phone, or a model's
 * number is checked; a template's or a model's reply never does. esbuild keeps a dynamically imported module in
 * the bundle, evaluated on first use; later calls get the same module.
 */
export const phoneDetector = () => import('../../domain/leads/phone');
