import {
  aesGcmOpen,
  aesGcmSeal,
  contextAad,
  type EncryptionContext,
  type KeyProvider,
  type SealedSecret,
} from './envelope';

export class VaultError extends Error {
  override name = 'VaultError';
}

/**
 * Seals and opens provider tokens and cookies. Callers store the SealedSecret (JSON) in DynamoDB and keep the
 * plaintext only in memory for the duration of one call. Data keys are wiped from memory after use.
 */
export class TokenVault {
  constructor(private readonly keys: KeyProvider) {}

  async seal(context: EncryptionContext, plaintext: string): Promise<SealedSecret> {
    const dataKey = await this.keys.generateDataKey(context);
    try {
      return {
        v: 1,
        wrappedKey: dataKey.wrapped,
        ...aesGcmSeal(dataKey.plaintext, plaintext, contextAad(context)),
      };
    } finally {
      dataKey.plaintext.fill(0);
    }
  }

  async open(context: EncryptionContext, sealed: SealedSecret): Promise<string> {
    if (sealed?.v !== 1) throw new VaultError('Unknown sealed secret format.');
    let key: Uint8Array | undefined;
    try {
      key = await this.keys.unwrapDataKey(sealed.wrappedKey, context);
      return aesGcmOpen(key, sealed, contextAad(context));
    } catch (error) {
      if (error instanceof VaultError) throw error;
      throw new VaultError('The secret cannot be opened with this workspace and provider.');
    } finally {
      key?.fill(0);
    }
  }

  /** Seals a JSON value (e.g. an OAuth token set). */
  async sealJson(context: EncryptionContext, value: unknown): Promise<SealedSecret> {
    return this.seal(context, JSON.stringify(value));
  }

  async openJson<T>(context: EncryptionContext, sealed: SealedSecret): Promise<T> {
    return JSON.parse(await this.open(context, sealed)) as T;
  }
}
