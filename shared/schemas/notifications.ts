import { NOTIFICATION_KINDS } from '../services/notifications/ports';
import { fields } from './validation';
import * as z from './zod';

export const listNotificationsQuery = z.object({
  unread: z.pipe(
    z.optional(z.enum(['true', 'false'])),
    z.transform((value) => value === 'true'),
  ),
  limit: fields.limit,
  cursor: fields.cursor,
});
export const notificationParams = z.object({
  id: z.string().check(z.regex(/^[0-9a-z]{21}$/, 'must be a notification id')),
});
export const notificationView = z.object({
  id: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  title: z.string(),
  body: z.string(),
  accountId: z.nullable(z.string()),
  /** The contact (lead) it is about, if any. */
  leadId: z.nullable(z.string()),
  createdAt: z.string(),
  readAt: z.nullable(z.string()),
});
export const notificationList = z.object({
  items: z.array(notificationView),
  nextCursor: z.nullable(z.string()),
});
