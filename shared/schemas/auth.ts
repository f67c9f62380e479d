import * as z from 'zod';
import { fields } from '../http/validation';

export const signupBody = z.object({
  email: fields.email,
  password: z.string().min(8, 'must be at least 8 characters').max(256),
  name: z.string().trim().min(1).max(120).optional(),
});
export const loginBody = z.object({ email: fields.email, password: z.string().min(1).max(256) });
export const refreshBody = z.object({ refreshToken: z.string().min(10).max(512) });

export const publicUser = z.object({ id: z.string(), email: z.string(), name: z.string().nullable() });
export const sessionResponse = z.object({
  user: publicUser,
  accessToken: z.string(),
  refreshToken: z.string(),
});
export const tokensResponse = z.object({ accessToken: z.string(), refreshToken: z.string() });
