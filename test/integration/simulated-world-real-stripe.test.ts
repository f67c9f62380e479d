import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runningWorld } from '../../infra/local/simulation/world';
import { startTestStage, type TestStage } from '../support/stage';
import { bannerLineOf, NO_PROVIDER_KEYS } from '../support/world';

let stage: TestStage;
beforeAll(async () => {
  stage = await startTestStage({
    env: { ...NO_PROVIDER_KEYS, STRIPE_SECRET_KEY: 'sk_test_real', STRIPE_API_URL: 'http://127.0.0.1:9' },
  });
});
afterAll(() => stage.stop());

describe('LocalPlugin: simulated-world with Stripe keys set', () => {
  it('switches Stripe alone to the real service and keeps simulating the others', () => {
    expect(bannerLineOf(stage, 'Stripe')).toBe('Stripe: real (STRIPE_SECRET_KEY, STRIPE_API_URL set)');
    expect(process.env.STRIPE_API_URL).toBe('http://127.0.0.1:9');
    expect(process.env.STRIPE_SECRET_KEY).toBe('sk_test_real');
    expect(runningWorld()?.stripe).toBeUndefined();
    for (const provider of ['Meta', 'Google Sheets', 'Notion', 'Airtable'])
      expect(bannerLineOf(stage, provider), provider).toMatch(new RegExp(`^${provider}: simulated \\(fake `));
    expect(bannerLineOf(stage, 'OpenAI')).toMatch(/^OpenAI: embedded /);
  });

  it('prints the provider lines before the listening line', () => {
    const providers = stage.banner.findIndex((line) => line.startsWith('Meta: '));
    expect(providers).toBe(0);
    expect(stage.banner.at(-1)).toBe(`Developer console: ${stage.url}/`);
  });
});
