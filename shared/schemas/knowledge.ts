import * as z from 'zod';

const line = (max: number) => z.string().trim().min(1).max(max);

/** A workspace's knowledge base (CONTRACT "Knowledge"): every field optional, each list and text bounded. */
export const knowledgeBody = z
  .object({
    description: line(2000).optional(),
    tone: z.enum(['tu', 'vous']).optional(),
    languages: z
      .array(
        z
          .string()
          .trim()
          .toLowerCase()
          .regex(/^[a-z]{2}$/),
      )
      .max(10)
      .optional(),
    defaultLanguage: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z]{2}$/)
      .optional(),
    hours: line(500).optional(),
    location: line(500).optional(),
    deliveryZones: z.array(line(100)).max(50).optional(),
    products: z
      .array(
        z.object({
          name: line(120),
          price: z.object({
            amountMinor: z.number().int().min(0).max(100_000_000),
            currency: z
              .string()
              .trim()
              .toUpperCase()
              .regex(/^[A-Z]{3}$/),
          }),
          description: line(500).optional(),
        }),
      )
      .max(100)
      .optional(),
    faq: z
      .array(z.object({ question: line(300), answer: line(1000) }))
      .max(50)
      .optional(),
    links: z
      .array(z.object({ label: line(60), url: z.url().max(500) }))
      .max(20)
      .optional(),
  })
  .strict();
export type KnowledgeBody = z.infer<typeof knowledgeBody>;
