import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Envelope encryption: each secret gets a fresh 256-bit data key from the key provider (KMS GenerateDataKey, or
 * the local master key); the secret is sealed with AES-256-GCM under that data key, and only the wrapped data key
 * is stored beside it. The encryption context (workspace + provider) is bound both to the wrapped key (KMS checks
 * it on Decrypt) and to the GCM tag (as AAD), so a ciphertext copied to another workspace or provider won't open.
 */
export interface EncryptionContext {
  workspaceId: string;
  provider: string;
}

export interface DataKey {
  plaintext: Uint8Array;
  wrapped: string;
}

/** The port: KMS in AWS, a local AES key in the local stage. */
export interface KeyProvider {
  generateDataKey(context: EncryptionContext): Promise<DataKey>;
  unwrapDataKey(wrapped: string, context: EncryptionContext): Promise<Uint8Array>;
}

/** What is stored: never the plaintext. `v` versions the format. */
export interface SealedSecret {
  v: 1;
  wrappedKey: string;
  iv: string;
  tag: string;
  ciphertext: string;
}

export const contextAad = (context: EncryptionContext) =>
  Buffer.from(`ws=${context.workspaceId};provider=${context.provider}`);

export function aesGcmSeal(
  key: Uint8Array,
  plaintext: string,
  aad: Buffer,
): Omit<SealedSecret, 'v' | 'wrappedKey'> {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return {
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    ciphertext: ciphertext.toString('base64'),
  };
}

export function aesGcmOpen(
  key: Uint8Array,
  sealed: Pick<SealedSecret, 'iv' | 'tag' | 'ciphertext'>,
  aad: Buffer,
): string {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
  decipher.setAAD(aad);
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  return Buffer.concat([
    decipher.update(Buffer.from(sealed.ciphertext, 'base64')),
    decipher.final(),
  ]).toString('utf8');
}
