/**
 * The key of one platform message whatever path it arrived by (webhook, collector, backfill): a comment and a
 * message never share one. Apart from the schema (incoming-message.ts) so that code reading stored messages needs
 * no validator.
 */
export const dedupeKeyOf = (platform: string, kind: string, platformMessageId: string) =>
  `${platform}:${kind === 'comment' ? 'comment' : 'message'}:${platformMessageId}`;
