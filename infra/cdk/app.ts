import { App, Aspects, Tags } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from './nag';
import { buildStacks } from './stacks';

/**
 * `cdk deploy -c stage=dev` (default dev). Context `alarmEmail` subscribes an address to the alarms topic;
 * `emailFrom` is the verified SES identity verification links and invitations are sent from;
 * `logExport=true` also ships function logs to S3 through Firehose.
 */
const app = new App();
const stage = (app.node.tryGetContext('stage') as string | undefined) ?? 'dev';
buildStacks(app, stage, {
  alarmEmail: app.node.tryGetContext('alarmEmail') as string | undefined,
  emailFrom: app.node.tryGetContext('emailFrom') as string | undefined,
  logExport: String(app.node.tryGetContext('logExport') ?? 'false') === 'true',
});
Tags.of(app).add('project', 'flow-ia');
Tags.of(app).add('stage', stage);
Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
