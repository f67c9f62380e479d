// biome-ignore-all format: one route per line reads as a table
import * as deliveries from '../../shared/schemas/deliveries';
import * as notifications from '../../shared/schemas/notifications';
import type { RouteDefinition } from './types';

/** Notifications, deliveries and account health. */
export const accountHealthRoutes: RouteDefinition[] = [
  { method: 'GET', path: '/notifications', handler: 'functions/http/notifications/list.ts', auth: 'jwt', exposure: 'api', tag: 'notifications', workspaceScoped: true, summary: 'Problems to act on: accounts to reconnect, expiring tokens, failed deliveries (newest first)', request: { query: notifications.listNotificationsQuery }, responses: { 200: notifications.notificationList }, needs: { table: 'readWrite' } },
  { method: 'POST', path: '/notifications/{id}/read', handler: 'functions/http/notifications/mark-read.ts', auth: 'jwt', exposure: 'api', tag: 'notifications', workspaceScoped: true, summary: 'Mark a notification as read', request: { params: notifications.notificationParams }, responses: { 204: null }, needs: { table: 'readWrite' } },
  { method: 'GET', path: '/deliveries', handler: 'functions/http/deliveries/list.ts', auth: 'jwt', exposure: 'api', tag: 'deliveries', workspaceScoped: true, summary: 'Delivery log: every outgoing message with each attempt, provider answer and plain-words error (newest first)', request: { query: deliveries.listDeliveriesQuery }, responses: { 200: deliveries.deliveryList }, needs: { table: 'readWrite' } },
];
