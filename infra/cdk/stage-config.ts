import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/** Per-stage settings, chosen by `cdk deploy -c stage=dev|prod`. */
export interface StageConfig {
  stage: string;
  isProd: boolean;
  removalPolicy: RemovalPolicy;
  logRetention: RetentionDays;
  /** Deletion protection on the table in prod, so a mistaken `cdk destroy` cannot drop customer data. */
  deletionProtection: boolean;
  alarmEmail: string | undefined;
}

export function stageConfig(stage: string, alarmEmail?: string): StageConfig {
  if (!/^[a-z][a-z0-9-]{1,15}$/.test(stage))
    throw new Error(`Invalid stage "${stage}": use lowercase letters, digits, dashes`);
  const isProd = stage === 'prod';
  return {
    stage,
    isProd,
    removalPolicy: isProd ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    logRetention: isProd ? RetentionDays.THREE_MONTHS : RetentionDays.TWO_WEEKS,
    deletionProtection: isProd,
    alarmEmail,
  };
}
