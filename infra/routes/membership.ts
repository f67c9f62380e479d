// biome-ignore-all format: one route per line reads as a table
import * as audit from '../../shared/schemas/audit';
import * as auth from '../../shared/schemas/auth';
import * as params from '../../shared/schemas/params';
import * as workspaces from '../../shared/schemas/workspaces';
import type { RouteDefinition } from './types';

/**
 * Email ownership: verifying an address, and joining workspaces through invitations to verified addresses; and
 * the workspace's audit log of who did what.
 */
export const membershipRoutes: RouteDefinition[] = [
  { method: 'POST', path: '/auth/verify-email', handler: 'functions/http/auth/verify-email.ts', auth: 'none', exposure: 'api', tag: 'auth', summary: 'Confirm an email address with the token of the emailed link (single use, expiring)', request: { body: auth.verifyEmailBody }, responses: { 200: auth.verifyEmailResponse }, needs: { table: 'readWrite', secrets: ['jwt'], email: true } },
  { method: 'POST', path: '/auth/verify-email/resend', handler: 'functions/http/auth/resend-verification.ts', auth: 'jwt', exposure: 'api', tag: 'auth', summary: 'Email a new verification link (replaces older links; a few per hour)', responses: { 202: auth.resendVerificationResponse }, needs: { table: 'readWrite', secrets: ['jwt'], email: true } },
  { method: 'GET', path: '/workspaces/{id}/invitations', handler: 'functions/http/workspaces/list-invitations.ts', auth: 'jwt', exposure: 'api', tag: 'workspaces', summary: 'Pending invitations of a workspace (admin)', request: { params: params.idParams }, responses: { 200: workspaces.workspaceInvitationList }, needs: { table: 'readWrite', email: true } },
  { method: 'DELETE', path: '/workspaces/{id}/invitations/{invitationId}', handler: 'functions/http/workspaces/revoke-invitation.ts', auth: 'jwt', exposure: 'api', tag: 'workspaces', summary: 'Revoke a pending invitation (admin; owner invitations: owner)', request: { params: params.workspaceInvitationParams }, responses: { 204: null }, needs: { table: 'readWrite', email: true } },
  { method: 'GET', path: '/invitations', handler: 'functions/http/invitations/list.ts', auth: 'jwt', exposure: 'api', tag: 'workspaces', summary: 'Invitations waiting for your verified email address', responses: { 200: workspaces.myInvitationList }, needs: { table: 'readWrite', email: true } },
  { method: 'POST', path: '/invitations/{invitationId}/accept', handler: 'functions/http/invitations/accept.ts', auth: 'jwt', exposure: 'api', tag: 'workspaces', summary: 'Join the workspace of an invitation to your verified address (single use, 7 days)', request: { params: params.invitationParams }, responses: { 200: workspaces.invitationAccepted }, needs: { table: 'readWrite', email: true } },
  { method: 'GET', path: '/audit', handler: 'functions/http/audit/list.ts', auth: 'jwt', exposure: 'api', workspaceScoped: true, tag: 'workspaces', summary: 'The audit log, newest first (owners and admins): members, accounts, plan, exports, erasures, API keys; append-only', request: { query: params.pageQuery }, responses: { 200: audit.auditList }, needs: { table: 'readWrite' } },
];
