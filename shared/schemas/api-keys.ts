import * as z from './zod';

const scope = z
  .enum(['read', 'write'])
  .check(z.describe('read: GET requests only; write: every member-level request of the workspace'));

export const createApiKeyBody = z.strictObject({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
  scope,
});

export const apiKeyView = z.object({
  id: z.string(),
  name: z.string(),
  scope,
  createdAt: z.string(),
  createdBy: z.string(),
  lastUsedAt: z.nullable(z.string()).check(z.describe('updated at most once a minute')),
  revokedAt: z.nullable(z.string()),
});

export const createdApiKey = z.extend(apiKeyView, {
  key: z
    .string()
    .check(z.describe('fia_<keyId>_<secret>: shown only in this response, stored only as a hash')),
});

export const apiKeyList = z.object({ items: z.array(apiKeyView), nextCursor: z.null() });

export type CreateApiKeyBody = z.output<typeof createApiKeyBody>;
export type ApiKeyView = z.output<typeof apiKeyView>;
