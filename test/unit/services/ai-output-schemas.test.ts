import { zodResponseFormat } from 'openai/helpers/zod';
import { describe, expect, it } from 'vitest';
import * as z from '../../../shared/schemas/zod';
import * as outputs from '../../../shared/services/ai/prompts/schemas';

// Every StructuredOutput the prompts module exports (the interface itself is a type, not a value).
const all = Object.entries(outputs) as Array<[string, outputs.StructuredOutput<unknown>]>;

describe('Module: AI output schemas', () => {
  it('exports every output the engine asks for', () => {
    expect(all.map(([name]) => name).sort()).toEqual([
      'classifyOutput',
      'followUpOutput',
      'phoneOutput',
      'replyOutput',
      'summaryOutput',
    ]);
  });

  it.each(all)(
    '%s: the JSON Schema sent is the one the official SDK’s zodResponseFormat builds',
    (name, output) => {
      // Act
      const sdk = zodResponseFormat(output.schema as never, name);
      // Assess
      expect(output.jsonSchema).toEqual(sdk.json_schema.schema);
      // Byte for byte, key order included: the request body is the SDK's.
      expect(JSON.stringify(output.jsonSchema)).toBe(JSON.stringify(sdk.json_schema.schema));
    },
  );

  it.each(all)(
    '%s: the JSON Schema is the one zod 4’s own z.toJSONSchema gives (draft-7)',
    (_name, output) => {
      // Act
      const converted = z.toJSONSchema(output.schema, { target: 'draft-7' });
      // Assess
      expect(output.jsonSchema).toEqual(converted);
    },
  );
});
