import * as z from 'zod';
import { fields } from './validation';

const scope = z
  .enum(['read', 'write'])
  .describe('read: GET requests only; write: every member-level request of the workspace');

export const createApiKeyBody = z.object({ name: z.string().trim().min(1).max(100), scope }).strict();

export const apiKeyParams = z.object({ id: fields.id });

export const apiKeyView = z.object({
  id: z.string(),
  name: z.string(),
  scope,
  createdAt: z.string(),
  createdBy: z.string(),
  lastUsedAt: z.string().nullable().describe('updated at most once a minute'),
  revokedAt: z.string().nullable(),
});

export const createdApiKey = apiKeyView.extend({
  key: z.string().describe('fia_<keyId>_<secret>: shown only in this response, stored only as a hash'),
});

export const apiKeyList = z.object({ items: z.array(apiKeyView), nextCursor: z.null() });

export type CreateApiKeyBody = z.output<typeof createApiKeyBody>;
export type ApiKeyView = z.output<typeof apiKeyView>;
