import * as z from '../../../schemas/zod';

/**
 * The structured outputs the model must return: the zod schema that parses the answer, and the same schema as
 * the strict JSON Schema sent in response_format (https://platform.openai.com/docs/guides/structured-outputs).
 * Kept to what strict mode accepts (every property required, no length keywords); the engine checks the rest.
 *
 * The JSON Schemas are written out rather than converted at run time: `z.toJSONSchema` would put zod's JSON
 * Schema converter (~20 KB minified) in every Lambda that calls the model, for five constant objects.
 * test/unit/services/ai-output-schemas.test.ts pins each one to what the official SDK's
 * `zodResponseFormat(schema, name)` (openai/helpers/zod) sends for the zod schema, so the two cannot drift.
 */
export interface StructuredOutput<T> {
  schema: z.ZodMiniType<T>;
  jsonSchema: Record<string, unknown>;
}

const DRAFT_7 = 'http://json-schema.org/draft-07/schema#';
const strictObject = (properties: Record<string, unknown>) => ({
  $schema: DRAFT_7,
  type: 'object',
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
});
const output = <T>(schema: z.ZodMiniType<T>, jsonSchema: Record<string, unknown>): StructuredOutput<T> => ({
  schema,
  jsonSchema,
});

/** `needsHuman`: the knowledge does not answer the message; the reply says a person will follow up. */
export const replyOutput = output(
  z.object({ reply: z.string(), needsHuman: z.boolean() }),
  strictObject({ reply: { type: 'string' }, needsHuman: { type: 'boolean' } }),
);
export const phoneOutput = output(
  z.object({ phone: z.nullable(z.string()) }),
  strictObject({ phone: { type: ['string', 'null'] } }),
);
export const classifyOutput = output(
  z.object({ class: z.enum(['cold', 'warm', 'hot']), reason: z.string() }),
  strictObject({ class: { type: 'string', enum: ['cold', 'warm', 'hot'] }, reason: { type: 'string' } }),
);
export const followUpOutput = output(
  z.object({ message: z.string() }),
  strictObject({ message: { type: 'string' } }),
);
export const summaryOutput = output(
  z.object({ summary: z.string() }),
  strictObject({ summary: { type: 'string' } }),
);
