import type { SocialAccount } from './ports';

/**
 * The account a connect flow stores: active again with its error cleared, but a reconnect keeps what the
 * account already had (connection date, last event, collector position), so the backfill starts where the
 * collector stopped instead of re-importing everything.
 */
export function connectedAccount(
  fresh: Omit<SocialAccount, 'status' | 'connectedAt' | 'lastEventAt' | 'lastError' | 'collectCursor'>,
  existing: SocialAccount | undefined,
  now: Date,
): SocialAccount {
  return {
    ...fresh,
    status: 'active',
    connectedAt: existing?.connectedAt ?? now.toISOString(),
    lastEventAt: existing?.lastEventAt ?? null,
    lastError: null,
    collectCursor: existing?.collectCursor ?? null,
  };
}
