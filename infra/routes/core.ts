// biome-ignore-all format: one route per line reads as a table
import * as auth from '../../shared/schemas/auth';
import * as params from '../../shared/schemas/params';
import * as workspaces from '../../shared/schemas/workspaces';
import type { RouteDefinition } from './types';

export const coreRoutes: RouteDefinition[] = [
  // ── health ──
  { method: 'GET', path: '/health', handler: 'functions/http/health.ts', auth: 'none', exposure: 'api', tag: 'health', summary: 'Report whether the table and dependencies answer', needs: { table: 'readWrite', secrets: ['providers'], reads: ['queueStats'] } },

  // ── auth ──
  { method: 'POST', path: '/auth/signup', handler: 'functions/http/auth/signup.ts', auth: 'none', exposure: 'api', tag: 'auth', summary: 'Create an account (a verification link is emailed to the address)', request: { body: auth.signupBody }, responses: { 201: auth.sessionResponse }, needs: { table: 'readWrite', secrets: ['jwt'], email: true } },
  { method: 'POST', path: '/auth/login', handler: 'functions/http/auth/login.ts', auth: 'none', exposure: 'api', tag: 'auth', summary: 'Log in with email and password', request: { body: auth.loginBody }, responses: { 200: auth.sessionResponse }, needs: { table: 'readWrite', secrets: ['jwt'] } },
  { method: 'POST', path: '/auth/refresh', handler: 'functions/http/auth/refresh.ts', auth: 'none', exposure: 'api', tag: 'auth', summary: 'Exchange a refresh token (rotated)', request: { body: auth.refreshBody }, responses: { 200: auth.tokensResponse }, needs: { table: 'readWrite', secrets: ['jwt'] } },
  { method: 'POST', path: '/auth/logout', handler: 'functions/http/auth/logout.ts', auth: 'none', exposure: 'api', tag: 'auth', summary: 'Revoke a refresh token family', request: { body: auth.refreshBody }, responses: { 204: null }, needs: { table: 'readWrite', secrets: ['jwt'] } },
  { method: 'GET', path: '/auth/me', handler: 'functions/http/auth/me.ts', auth: 'jwt', exposure: 'api', tag: 'auth', summary: 'The current user (with emailVerified) and their workspaces', responses: { 200: auth.meResponse }, needs: { table: 'readWrite' } },

  // ── workspaces ──
  { method: 'POST', path: '/workspaces', handler: 'functions/http/workspaces/create.ts', auth: 'jwt', exposure: 'api', tag: 'workspaces', summary: 'Create a workspace (you become owner)', request: { body: workspaces.createWorkspaceBody }, responses: { 201: workspaces.workspaceView }, needs: { table: 'readWrite' } },
  { method: 'GET', path: '/workspaces', handler: 'functions/http/workspaces/list.ts', auth: 'jwt', exposure: 'api', tag: 'workspaces', summary: 'Workspaces you belong to', needs: { table: 'readWrite' } },
  { method: 'GET', path: '/workspaces/{id}', handler: 'functions/http/workspaces/get.ts', auth: 'jwt', exposure: 'api', tag: 'workspaces', summary: 'A workspace with its members', request: { params: params.idParams }, needs: { table: 'readWrite' } },
  { method: 'PATCH', path: '/workspaces/{id}', handler: 'functions/http/workspaces/update.ts', auth: 'jwt', exposure: 'api', tag: 'workspaces', summary: 'Rename a workspace or change its time zone (admin)', request: { params: params.idParams, body: workspaces.updateWorkspaceBody }, responses: { 200: workspaces.workspaceView }, needs: { table: 'readWrite' } },
  { method: 'DELETE', path: '/workspaces/{id}', handler: 'functions/http/workspaces/delete.ts', auth: 'jwt', exposure: 'api', tag: 'workspaces', summary: 'Delete a workspace and all its data (owner); its Stripe subscription is canceled first, 409 unpaid_invoice while an invoice is unpaid', request: { params: params.idParams }, responses: { 204: null }, needs: { table: 'readWrite', secrets: ['providers'] } },
  { method: 'POST', path: '/workspaces/{id}/members', handler: 'functions/http/workspaces/add-member.ts', auth: 'jwt', exposure: 'api', tag: 'workspaces', summary: 'Invite an email address at a role up to your own: a pending, single-use invitation, emailed (admin)', request: { params: params.idParams, body: workspaces.addMemberBody }, responses: { 202: workspaces.invitationCreated }, needs: { table: 'readWrite', email: true } },
  { method: 'DELETE', path: '/workspaces/{id}/members/{userId}', handler: 'functions/http/workspaces/remove-member.ts', auth: 'jwt', exposure: 'api', tag: 'workspaces', summary: 'Remove a member (or leave)', request: { params: params.memberParams }, responses: { 204: null }, needs: { table: 'readWrite' } },
];
