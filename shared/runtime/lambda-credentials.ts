/**
 * What every Lambda bundle gets for `@aws-sdk/credential-provider-node` (the esbuild alias in
 * infra/cdk/bundling.ts): the SDK clients' default credential chain reduced to its first link, the environment.
 * Lambda puts the execution role's credentials in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime), which is
 * where the full chain finds them too; its other links (shared ini files, SSO, web identity, a credential process,
 * the ECS and EC2 metadata endpoints, with the STS and SSO clients they bring) never answer in a Lambda and were
 * about 120 KB of every bundle. The clients import only `defaultProvider` from the package, and call it with their
 * config, which fromEnv takes as its init (logger). Code run from source (the local stage, tests against moto)
 * keeps the full chain.
 */
export { fromEnv as defaultProvider } from '@aws-sdk/credential-provider-env';
