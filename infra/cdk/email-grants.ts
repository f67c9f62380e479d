import { Arn, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { emailIdentities, type StageConfig } from './stage-config';

/**
 * A function that sends email gets SES API v2 SendEmail from that identity only (and EMAIL_FROM: grants.ts): its address
 * identity and its domain identity, whichever the operator verified
 * (https://docs.aws.amazon.com/ses/latest/dg/control-user-access.html). Without emailFrom, nothing: the code then
 * sends no email (a notification alone where it would have mailed).
 */
export function grantEmailSending(fn: IFunction, stage: StageConfig): void {
  if (!stage.emailFrom) return;
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['ses:SendEmail'],
      resources: emailIdentities(stage.emailFrom).map((identity) =>
        Arn.format({ service: 'ses', resource: 'identity', resourceName: identity }, Stack.of(fn)),
      ),
    }),
  );
}
