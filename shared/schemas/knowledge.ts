import * as z from './zod';

const line = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

/** A workspace's knowledge base (CONTRACT "Knowledge"): every field optional, each list and text bounded. */
export const knowledgeBody = z.strictObject({
  description: z.optional(line(2000)),
  tone: z.optional(z.enum(['tu', 'vous'])),
  languages: z.optional(
    z.array(z.string().check(z.trim(), z.toLowerCase(), z.regex(/^[a-z]{2}$/))).check(z.maxLength(10)),
  ),
  defaultLanguage: z.optional(z.string().check(z.trim(), z.toLowerCase(), z.regex(/^[a-z]{2}$/))),
  hours: z.optional(line(500)),
  location: z.optional(line(500)),
  deliveryZones: z.optional(z.array(line(100)).check(z.maxLength(50))),
  products: z.optional(
    z
      .array(
        z.object({
          name: line(120),
          price: z.object({
            amountMinor: z.number().check(z.int(), z.gte(0), z.lte(100_000_000)),
            currency: z.string().check(z.trim(), z.toUpperCase(), z.regex(/^[A-Z]{3}$/)),
          }),
          description: z.optional(line(500)),
        }),
      )
      .check(z.maxLength(100)),
  ),
  faq: z.optional(z.array(z.object({ question: line(300), answer: line(1000) })).check(z.maxLength(50))),
  links: z.optional(
    z.array(z.object({ label: line(60), url: z.url().check(z.maxLength(500)) })).check(z.maxLength(20)),
  ),
});
export type KnowledgeBody = z.infer<typeof knowledgeBody>;
