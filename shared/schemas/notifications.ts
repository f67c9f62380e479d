import * as z from 'zod';
import { NOTIFICATION_KINDS } from '../services/notifications/ports';
import { fields } from './validation';

export const listNotificationsQuery = z.object({
  unread: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true'),
  limit: fields.limit,
  cursor: fields.cursor,
});
export const notificationParams = z.object({
  id: z.string().regex(/^[0-9a-z]{21}$/, 'must be a notification id'),
});
export const notificationView = z.object({
  id: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  title: z.string(),
  body: z.string(),
  accountId: z.string().nullable(),
  /** The contact (lead) it is about, if any. */
  leadId: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export const notificationList = z.object({
  items: z.array(notificationView),
  nextCursor: z.string().nullable(),
});
