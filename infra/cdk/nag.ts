// cdk-nag is a CommonJS (jsii) package whose exports Node's ESM loader cannot detect by name; import it whole.
import cdkNag from 'cdk-nag';

export const { NagSuppressions, AwsSolutionsChecks, NagPack } = cdkNag;
export type { NagPackSuppression } from 'cdk-nag';
