import type { DataKey, EncryptionContext, KeyProvider } from './envelope';

export interface DataKeyCacheLimits {
  /** How long an unwrapped data key is reused after KMS returned it. */
  maxAgeMs: number;
  /** How many unwrapped data keys one container keeps; the oldest goes first. */
  maxEntries: number;
}

/**
 * Five minutes, as AWS's guidance on data key caching asks (use the least caching that meets the cost goal, bound
 * it by age): an account's token is opened for every DM sent, so a warm Lambda would otherwise pay a KMS Decrypt
 * per message (~$0.003 per 1,000 messages, a quarter of the cost target of issue 26).
 * https://docs.aws.amazon.com/encryption-sdk/latest/developer-guide/thresholds.html
 */
export const DATA_KEY_CACHE_LIMITS: DataKeyCacheLimits = { maxAgeMs: 5 * 60_000, maxEntries: 256 };

interface CachedKey {
  key: Uint8Array;
  expiresAt: number;
}

/**
 * Reuses an unwrapped data key for the same wrapped key and encryption context within the limits, like the AWS
 * Encryption SDK's caching materials manager does on decrypt. Only unwrapping is cached: every seal still gets a
 * fresh data key, so no key ever protects more than the one secret it was made for. The caller wipes the key it
 * is given (TokenVault does), so each hit hands out a copy and the cache keeps its own.
 */
export class CachingKeyProvider implements KeyProvider {
  private readonly cache = new Map<string, CachedKey>();

  constructor(
    private readonly inner: KeyProvider,
    private readonly limits: DataKeyCacheLimits = DATA_KEY_CACHE_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  generateDataKey(context: EncryptionContext): Promise<DataKey> {
    return this.inner.generateDataKey(context);
  }

  async unwrapDataKey(wrapped: string, context: EncryptionContext): Promise<Uint8Array> {
    // The context is part of the entry: KMS would refuse this wrapped key under another workspace or provider.
    const id = `${context.workspaceId}\u0000${context.provider}\u0000${wrapped}`;
    const cached = this.cache.get(id);
    if (cached && cached.expiresAt > this.now()) return Uint8Array.from(cached.key);
    if (cached) this.evict(id, cached);
    const key = await this.inner.unwrapDataKey(wrapped, context);
    this.remember(id, Uint8Array.from(key));
    return key;
  }

  private remember(id: string, key: Uint8Array): void {
    for (const [oldest, entry] of this.cache) {
      if (this.cache.size < this.limits.maxEntries) break;
      this.evict(oldest, entry);
    }
    this.cache.set(id, { key, expiresAt: this.now() + this.limits.maxAgeMs });
  }

  private evict(id: string, entry: CachedKey): void {
    entry.key.fill(0);
    this.cache.delete(id);
  }
}
