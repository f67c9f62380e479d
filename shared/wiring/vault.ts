import { KMSClient } from '@aws-sdk/client-kms';
import { KmsKeyProvider } from '../adapters/kms/kms-key-provider';
import { CachingKeyProvider } from '../services/vault/caching-key-provider';
import { TokenVault } from '../services/vault/token-vault';
import { built } from './container';
import { localStageAdapter } from './local-stage';

/**
 * KMS when KMS_KEY_ID is set (AWS), otherwise the local stage's key provider (its LOCAL_MASTER_KEY); either way
 * behind the same bounded cache of unwrapped data keys, so the local stage counts the KMS calls AWS would bill.
 */
export function tokenVault(): TokenVault {
  return built(tokenVault, ({ KMS_KEY_ID, AWS_REGION }) => {
    const local = localStageAdapter('keyProvider');
    if (KMS_KEY_ID)
      return new TokenVault(
        new CachingKeyProvider(new KmsKeyProvider(new KMSClient({ region: AWS_REGION }), KMS_KEY_ID)),
      );
    if (local) return new TokenVault(new CachingKeyProvider(local));
    throw new Error(
      'KMS_KEY_ID is not set and no local key provider is installed (LOCAL_MASTER_KEY, local stage): the token vault cannot start',
    );
  });
}
