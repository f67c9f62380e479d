import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/** Per-stage settings, chosen by `cdk deploy -c stage=dev|prod` and the stage's context keys. */
export interface StageConfig {
  stage: string;
  isProd: boolean;
  removalPolicy: RemovalPolicy;
  logRetention: RetentionDays;
  /** Deletion protection on the table in prod, so a mistaken `cdk destroy` cannot drop customer data. */
  deletionProtection: boolean;
  alarmEmail: string | undefined;
  /** APP_BASE_URL: the API's public base URL; OAuth redirect URIs are built from it. */
  appBaseUrl: string;
  /** FRONTEND_URL: where OAuth callbacks and Stripe return the user; its origin is the only one CORS allows. */
  frontendUrl: string;
  /** EMAIL_FROM: the SES identity verification links and invitations are sent from; unset, nothing is emailed. */
  emailFrom: string | undefined;
}

/** What a stage is deployed with: `-c alarmEmail=… -c appBaseUrl=… -c frontendUrl=… -c emailFrom=…`. */
export interface StageInputs {
  alarmEmail?: string | undefined;
  appBaseUrl?: string | undefined;
  frontendUrl?: string | undefined;
  emailFrom?: string | undefined;
}

export class StageConfigError extends Error {
  override name = 'StageConfigError';
}

/** A public https URL given for a stage, or a synth-time error that says which context key to pass. */
function publicUrl(stage: string, key: 'appBaseUrl' | 'frontendUrl', value: string | undefined): string {
  const example = key === 'appBaseUrl' ? 'https://api.example.com' : 'https://app.example.com';
  if (!value)
    throw new StageConfigError(
      `Stage "${stage}" needs ${key}: cdk deploy -c stage=${stage} -c ${key}=${example} (see docs/deployment.md)`,
    );
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new StageConfigError(`Stage "${stage}": ${key} "${value}" is not a URL (e.g. ${example})`);
  }
  if (url.protocol !== 'https:')
    throw new StageConfigError(`Stage "${stage}": ${key} must be an https URL, got "${value}"`);
  return url.toString().replace(/\/+$/, '');
}

export function stageConfig(stage: string, inputs: StageInputs): StageConfig {
  if (!/^[a-z][a-z0-9-]{1,15}$/.test(stage))
    throw new StageConfigError(`Invalid stage "${stage}": use lowercase letters, digits, dashes`);
  const isProd = stage === 'prod';
  return {
    stage,
    isProd,
    removalPolicy: isProd ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    logRetention: isProd ? RetentionDays.THREE_MONTHS : RetentionDays.TWO_WEEKS,
    deletionProtection: isProd,
    alarmEmail: inputs.alarmEmail,
    appBaseUrl: publicUrl(stage, 'appBaseUrl', inputs.appBaseUrl),
    frontendUrl: publicUrl(stage, 'frontendUrl', inputs.frontendUrl),
    emailFrom: emailFrom(stage, inputs.emailFrom),
  };
}

/** `no-reply@mail.example.com` or `Flow IA <no-reply@mail.example.com>`, checked at synth like config.ts does. */
function emailFrom(stage: string, value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (!/^(?:[^<>]+<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/.test(value))
    throw new StageConfigError(
      `Stage "${stage}": emailFrom "${value}" is not an email address or "Name <address>" (see docs/providers.md)`,
    );
  return value;
}

/** The address of EMAIL_FROM and its domain: the SES identities sending may use. */
export function emailIdentities(from: string): string[] {
  const address = from.match(/<([^<>]+)>$/)?.[1] ?? from;
  return [address, address.slice(address.indexOf('@') + 1)];
}

/** The environment every function of the stage gets from its stage config (config.ts requires it outside local). */
export function stageEnvironment(stage: StageConfig): Record<string, string> {
  return { STAGE: stage.stage, APP_BASE_URL: stage.appBaseUrl, FRONTEND_URL: stage.frontendUrl };
}
