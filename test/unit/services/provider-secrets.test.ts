import { describe, expect, it } from 'vitest';
import { applyProviderSecrets, ProviderSecretsError } from '../../../shared/runtime/provider-secrets';

describe('Function: applyProviderSecrets', () => {
  it('sets known provider names, never infrastructure names or values already set', () => {
    const env: Record<string, string | undefined> = {
      TABLE_NAME: 'real-table',
      STRIPE_SECRET_KEY: 'from-env',
    };
    const applied = applyProviderSecrets(
      env,
      JSON.stringify({
        META_APP_SECRET: 's3cret',
        OPENAI_API_KEY: 'sk-x',
        TABLE_NAME: 'hijack',
        STRIPE_SECRET_KEY: 'from-secret',
        NOT_A_SETTING: 'x',
        META_APP_ID: 123,
      }),
    );
    expect(applied.sort()).toEqual(['META_APP_SECRET', 'OPENAI_API_KEY']);
    expect(env).toMatchObject({
      TABLE_NAME: 'real-table',
      STRIPE_SECRET_KEY: 'from-env',
      META_APP_SECRET: 's3cret',
    });
    expect(env.NOT_A_SETTING).toBeUndefined();
    expect(env.META_APP_ID).toBeUndefined();
  });

  it('rejects a secret that is not a JSON object, naming the problem', () => {
    for (const bad of ['not json', '[1,2]', 'null'])
      expect(() => applyProviderSecrets({}, bad)).toThrow(ProviderSecretsError);
  });
});
