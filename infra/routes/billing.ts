// biome-ignore-all format: one route per line reads as a table
import * as billing from '../../shared/schemas/billing';
import type { RouteDefinition } from './types';

/** Plans, usage and Stripe billing. */
export const billingRoutes: RouteDefinition[] = [
  { method: 'GET', path: '/billing/plans', handler: 'functions/http/billing/plans.ts', auth: 'none', exposure: 'api', tag: 'billing', summary: 'The plan catalog: prices, DM limits, features', responses: { 200: billing.plansResponse }, needs: { table: 'readWrite' } },
  { method: 'GET', path: '/billing/usage', handler: 'functions/http/billing/usage.ts', auth: 'jwt', exposure: 'api', tag: 'billing', summary: "The workspace's plan, today's DM usage and this month's AI tokens against the plan's AI budget", workspaceScoped: true, responses: { 200: billing.usageResponse }, needs: { table: 'readWrite' } },
  { method: 'POST', path: '/billing/create-checkout', handler: 'functions/http/billing/create-checkout.ts', auth: 'jwt', exposure: 'api', tag: 'billing', summary: 'Start a Stripe Checkout for a paid plan (admin)', workspaceScoped: true, request: { body: billing.checkoutBody }, responses: { 200: billing.redirectUrlResponse }, needs: { table: 'readWrite', secrets: ['providers'] } },
  { method: 'POST', path: '/billing/create-portal', handler: 'functions/http/billing/create-portal.ts', auth: 'jwt', exposure: 'api', tag: 'billing', summary: 'Open the Stripe billing portal (admin)', workspaceScoped: true, responses: { 200: billing.redirectUrlResponse }, needs: { table: 'readWrite', secrets: ['providers'] } },
  { method: 'POST', path: '/billing/webhook', handler: 'functions/webhooks/stripe.ts', auth: 'none', exposure: 'functionUrl', tag: 'billing', summary: 'Stripe webhook (signed; idempotent by event id)', responses: { 200: billing.webhookResponse }, needs: { table: 'readWrite', secrets: ['providers'] } },
];
