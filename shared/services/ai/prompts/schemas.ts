import * as z from '../../../schemas/zod';

/**
 * The structured outputs the model must return (sent as strict json_schema, and parsed with the same objects).
 * Kept to what strict mode accepts (every property required, no length keywords); the engine checks the rest.
 */
/** `needsHuman`: the knowledge does not answer the message; the reply says a person will follow up. */
export const replyOutput = z.object({ reply: z.string(), needsHuman: z.boolean() });
export const phoneOutput = z.object({ phone: z.nullable(z.string()) });
export const classifyOutput = z.object({ class: z.enum(['cold', 'warm', 'hot']), reason: z.string() });
export const followUpOutput = z.object({ message: z.string() });
export const summaryOutput = z.object({ summary: z.string() });
