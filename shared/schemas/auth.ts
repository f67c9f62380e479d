import { fields } from './validation';
import { workspaceSummary } from './workspaces';
import * as z from './zod';

export const signupBody = z.object({
  email: fields.email,
  password: z.string().check(z.minLength(8, 'must be at least 8 characters'), z.maxLength(256)),
  name: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(120))),
});
export const loginBody = z.object({
  email: fields.email,
  password: z.string().check(z.minLength(1), z.maxLength(256)),
});
export const refreshBody = z.object({ refreshToken: z.string().check(z.minLength(10), z.maxLength(512)) });

export const publicUser = z.object({
  id: z.string(),
  email: z.string(),
  name: z.nullable(z.string()),
  emailVerified: z
    .boolean()
    .check(z.describe('True once the address was confirmed through the link emailed to it')),
});
export const sessionResponse = z.object({
  user: publicUser,
  accessToken: z.string(),
  refreshToken: z.string(),
});
export const tokensResponse = z.object({ accessToken: z.string(), refreshToken: z.string() });

/** The token of the verification link (`<FRONTEND_URL>/verify-email?token=…`), posted by the frontend. */
export const verifyEmailBody = z.object({ token: z.string().check(z.minLength(10), z.maxLength(2048)) });
export const verifyEmailResponse = z.object({ user: publicUser });
export const resendVerificationResponse = z.object({ status: z.literal('sent'), to: z.string() });
export const meResponse = z.object({ user: publicUser, workspaces: z.array(workspaceSummary) });
