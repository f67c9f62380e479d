import * as z from 'zod';
import { fields } from './validation';
import { workspaceSummary } from './workspaces';

export const signupBody = z.object({
  email: fields.email,
  password: z.string().min(8, 'must be at least 8 characters').max(256),
  name: z.string().trim().min(1).max(120).optional(),
});
export const loginBody = z.object({ email: fields.email, password: z.string().min(1).max(256) });
export const refreshBody = z.object({ refreshToken: z.string().min(10).max(512) });

export const publicUser = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  emailVerified: z.boolean().describe('True once the address was confirmed through the link emailed to it'),
});
export const sessionResponse = z.object({
  user: publicUser,
  accessToken: z.string(),
  refreshToken: z.string(),
});
export const tokensResponse = z.object({ accessToken: z.string(), refreshToken: z.string() });

/** The token of the verification link (`<FRONTEND_URL>/verify-email?token=…`), posted by the frontend. */
export const verifyEmailBody = z.object({ token: z.string().min(10).max(2048) });
export const verifyEmailResponse = z.object({ user: publicUser });
export const resendVerificationResponse = z.object({ status: z.literal('sent'), to: z.string() });
export const meResponse = z.object({ user: publicUser, workspaces: z.array(workspaceSummary) });
