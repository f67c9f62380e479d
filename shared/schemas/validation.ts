import * as z from 'zod';
import type { ErrorDetail } from '../errors';

/** zod issues → the contract's `details: [{ path, message }]`. */
export function zodDetails(error: z.ZodError): ErrorDetail[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/** Common field schemas, reused by every route so the same field is validated the same way everywhere. */
export const fields = {
  id: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be an id'),
  email: z
    .email()
    .max(254)
    .transform((value) => value.toLowerCase()),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(2048).optional(),
};
