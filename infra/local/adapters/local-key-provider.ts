import { randomBytes } from 'node:crypto';
import type { DataKey, EncryptionContext, KeyProvider } from '../../../shared/services/vault/envelope';
import { aesGcmOpen, aesGcmSeal, contextAad } from '../../../shared/services/vault/envelope';

/**
 * The local stage's stand-in for KMS: the data key is wrapped with AES-256-GCM under a master key kept in
 * .local/secrets.json, with the encryption context as AAD — the same guarantees KMS gives, minus the HSM.
 */
export class LocalKeyProvider implements KeyProvider {
  private readonly master: Buffer;

  constructor(masterKeyBase64: string) {
    this.master = Buffer.from(masterKeyBase64, 'base64');
    if (this.master.length !== 32) throw new Error('LOCAL_MASTER_KEY must be 32 bytes, base64-encoded');
  }

  async generateDataKey(context: EncryptionContext): Promise<DataKey> {
    const plaintext = randomBytes(32);
    const sealed = aesGcmSeal(this.master, plaintext.toString('base64'), contextAad(context));
    return { plaintext, wrapped: Buffer.from(JSON.stringify(sealed)).toString('base64') };
  }

  async unwrapDataKey(wrapped: string, context: EncryptionContext): Promise<Uint8Array> {
    const sealed = JSON.parse(Buffer.from(wrapped, 'base64').toString('utf8'));
    return Buffer.from(aesGcmOpen(this.master, sealed, contextAad(context)), 'base64');
  }
}
