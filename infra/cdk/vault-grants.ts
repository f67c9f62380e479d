import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';

/**
 * What a function may do with the vault key: `seal` (new data keys, and opening what it sealed) or `open` (unwrap
 * only). Either way KMS refuses a call whose encryption context is not exactly the vault's `workspaceId` +
 * `provider` (shared/adapters/kms/kms-key-provider.ts): the keys must be present and no other key may be sent
 * (https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-encryption-context-keys),
 * so a role can never use the key outside the envelope scheme, for example to decrypt with an empty context.
 */
export function grantVaultUse(fn: IFunction, key: IKey, mode: 'seal' | 'open'): void {
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: mode === 'seal' ? ['kms:GenerateDataKey', 'kms:Decrypt'] : ['kms:Decrypt'],
      resources: [key.keyArn],
      conditions: {
        Null: { 'kms:EncryptionContext:workspaceId': 'false', 'kms:EncryptionContext:provider': 'false' },
        'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['workspaceId', 'provider'] },
      },
    }),
  );
}
