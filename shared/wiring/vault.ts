import { KMSClient } from '@aws-sdk/client-kms';
import { KmsKeyProvider } from '../adapters/kms/kms-key-provider';
import { config } from '../config';
import { TokenVault } from '../services/vault/token-vault';
import { localStageAdapter } from './local-stage';

let vault: TokenVault | undefined;

/** KMS when KMS_KEY_ID is set (AWS), otherwise the local stage's key provider (its LOCAL_MASTER_KEY). */
export function tokenVault(): TokenVault {
  if (!vault) {
    const { KMS_KEY_ID, AWS_REGION } = config();
    const local = localStageAdapter('keyProvider');
    if (KMS_KEY_ID)
      vault = new TokenVault(new KmsKeyProvider(new KMSClient({ region: AWS_REGION }), KMS_KEY_ID));
    else if (local) vault = new TokenVault(local);
    else
      throw new Error(
        'KMS_KEY_ID is not set and no local key provider is installed (LOCAL_MASTER_KEY, local stage): the token vault cannot start',
      );
  }
  return vault;
}
