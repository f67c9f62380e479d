import { App, Aspects, Tags } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from './nag';
import { buildStacks } from './stacks';

/**
 * `cdk deploy -c stage=dev -c appBaseUrl=https://api… -c frontendUrl=https://app…` (stage defaults to dev; both
 * URLs are required, synth stops naming the missing one). Context `alarmEmail` subscribes an address to the alarms
 * topic; `emailFrom` is the verified SES identity verification links and invitations are sent from (unset: nothing
 * is emailed); `logExport=true` also ships function logs to S3 through Firehose.
 */
const app = new App();
const context = (key: string) => app.node.tryGetContext(key) as string | undefined;
const stage = context('stage') ?? 'dev';
buildStacks(app, stage, {
  alarmEmail: context('alarmEmail'),
  appBaseUrl: context('appBaseUrl'),
  frontendUrl: context('frontendUrl'),
  emailFrom: context('emailFrom'),
  logExport: String(context('logExport') ?? 'false') === 'true',
});
Tags.of(app).add('project', 'flow-ia');
Tags.of(app).add('stage', stage);
Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
