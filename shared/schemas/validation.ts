import type { ErrorDetail } from '../errors';
import * as z from './zod';

/** zod issues → the contract's `details: [{ path, message }]`. */
export function zodDetails(error: z.core.$ZodError): ErrorDetail[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/** Common field schemas, reused by every route so the same field is validated the same way everywhere. */
export const fields = {
  id: z.string().check(z.minLength(1), z.maxLength(128), z.regex(/^[A-Za-z0-9_-]+$/, 'must be an id')),
  email: z.pipe(
    z.email().check(z.maxLength(254)),
    z.transform((value) => value.toLowerCase()),
  ),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(200)), 50),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
};
