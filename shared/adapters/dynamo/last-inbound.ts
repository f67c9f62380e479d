import { isDeepStrictEqual } from 'node:util';
import { dedupeKeyOf } from '../../domain/messages/dedupe-key';
import type { IncomingMessage } from '../../domain/messages/incoming-message';
import type { InboxFields } from '../../services/conversations/ports';

/**
 * How the conversation item (`CONV#<leadId>`, DynamoConversationStore) stores `lastInbound`, the person's newest
 * message, which a human reply sends through the Sender as it is: without what the item already holds beside it
 * (the workspace is the key; account, platform, author as `contact` and time as `lastInboundAt` are written with
 * it), a dedupe key that is the one dedupeKeyOf gives for its platform, kind and id, and the nulls and defaults
 * of incomingMessageSchema. A DM keeps its kind, id, text, source and correlation id. The conversation export
 * (DynamoContactDataStore) gives it back whole too.
 */

type Item = Record<string, unknown>;

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** The inbox fields `lastInbound` is stored against: when one changes, it must be stored again. */
export const DERIVED_FROM = ['platform', 'accountId', 'contact', 'lastInboundAt'] as const;

/**
 * The message as the item would give it back without storing anything of it: the item's own fields, the dedupe
 * key of its platform, kind and id, and the schema's defaults. `stored` supplies kind and id (and, in an item
 * written before the message was slimmed, everything).
 */
function derivedInbound(
  stored: Item,
  workspaceId: string,
  fields: Pick<InboxFields, 'platform' | 'accountId' | 'contact' | 'lastInboundAt'>,
): Item {
  const platform = stored.platform ?? fields.platform;
  return {
    dedupeKey: dedupeKeyOf(String(platform), String(stored.kind), String(stored.platformMessageId)),
    workspaceId,
    accountId: fields.accountId,
    platform: fields.platform,
    conversationId: null,
    mediaId: null,
    parentId: null,
    story: null,
    author: fields.contact,
    text: '',
    payload: null,
    occurredAt: fields.lastInboundAt,
    actionable: true,
  };
}

/** What the item stores of `message`: only what `derivedInbound` would not give back as it is. */
export function storedInbound(
  message: IncomingMessage,
  workspaceId: string,
  fields: Pick<InboxFields, 'platform' | 'accountId' | 'contact' | 'lastInboundAt'>,
): Item {
  const derived = derivedInbound(message, workspaceId, fields);
  return Object.fromEntries(
    Object.entries(message).filter(
      ([name, value]) => value !== undefined && !(name in derived && isDeepStrictEqual(value, derived[name])),
    ),
  );
}

/** The last incoming message of a conversation item, slimmed (see storedInbound) or stored whole. */
export function inboundOf(item: Item, workspaceId: string): IncomingMessage | null {
  const stored = item.lastInbound as Item | null | undefined;
  if (!stored) return null;
  const fields = {
    platform: (str(item.platform) as InboxFields['platform']) ?? null,
    accountId: str(item.accountId),
    contact: (item.contact as InboxFields['contact']) ?? null,
    lastInboundAt: str(item.lastInboundAt),
  };
  return { ...derivedInbound(stored, workspaceId, fields), ...stored } as IncomingMessage;
}
