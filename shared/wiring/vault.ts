import { KMSClient } from '@aws-sdk/client-kms';
import { KmsKeyProvider } from '../adapters/kms/kms-key-provider';
import { LocalKeyProvider } from '../adapters/kms/local-key-provider';
import { config } from '../config';
import { TokenVault } from '../services/vault/token-vault';

let vault: TokenVault | undefined;

/** KMS when KMS_KEY_ID is set (AWS), the local master key otherwise (local stage). */
export function tokenVault(): TokenVault {
  if (!vault) {
    const { KMS_KEY_ID, LOCAL_MASTER_KEY, AWS_REGION } = config();
    if (KMS_KEY_ID)
      vault = new TokenVault(new KmsKeyProvider(new KMSClient({ region: AWS_REGION }), KMS_KEY_ID));
    else if (LOCAL_MASTER_KEY) vault = new TokenVault(new LocalKeyProvider(LOCAL_MASTER_KEY));
    else throw new Error('Neither KMS_KEY_ID nor LOCAL_MASTER_KEY is set: the token vault cannot start');
  }
  return vault;
}

export function resetTokenVault(): void {
  vault = undefined;
}
