import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// The stage's logger reads LOG_LEVEL when it is first imported: DEBUG, the level that logs request bodies.
vi.hoisted(() => {
  process.env.LOG_LEVEL = 'DEBUG';
});

import { logger } from '../../shared/observability/logger';
import { signupWithWorkspace } from '../support/api';
import { captureStdout } from '../support/capture-stdout';
import { startTestStage, type TestStage } from '../support/stage';

/**
 * A body nested thousands of levels deep fits under the size limit; parsing it is fine, but every recursive walk
 * after (validation, the DEBUG body log and its redaction, serialisation) can overflow the stack. It must be a
 * 400 before any of them, at every log level.
 */
let stage: TestStage;
beforeAll(async () => {
  stage = await startTestStage({ env: { LOG_LEVEL: 'DEBUG' } });
});
afterAll(async () => {
  await stage?.stop();
  logger.setLogLevel('INFO');
});

const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const BODIES = {
  'arrays 100,000 deep': deepArray(100_000),
  'objects 20,000 deep': deepObject(20_000),
  'arrays 65 deep inside a valid body': `{"email":"a@example.com","password":"x","name":${deepArray(65)}}`,
};

describe('Deeply nested JSON bodies', () => {
  it.each(['DEBUG', 'INFO', 'WARN', 'ERROR'] as const)('are a 400 invalid_json at %s', async (level) => {
    // Prepare
    logger.setLogLevel(level);
    const owner = await signupWithWorkspace(stage.api, `deep-${level}`);
    const targets = [
      { method: 'POST', path: '/auth/login', auth: {} },
      {
        method: 'POST',
        path: '/scenarios',
        auth: { token: owner.accessToken, workspaceId: owner.workspaceId },
      },
      { method: 'POST', path: '/billing/webhook', auth: {} },
    ];
    const output = captureStdout();
    try {
      for (const [label, rawBody] of Object.entries(BODIES))
        for (const target of targets) {
          // Act
          const response = await stage.api.request(target.method, target.path, {
            ...target.auth,
            rawBody,
            headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' },
          });
          // Assess
          expect(response.status, `${target.path} with ${label}: ${response.text}`).toBe(400);
          expect(response.body.error.code).toBe('invalid_json');
          expect(response.body.error.message).toMatch(/nested deeper than 64/);
        }
    } finally {
      output.restore();
    }
    expect(output.text()).not.toContain('unhandled error');
  });

  it('still accepts a body nested as deep as the limit', async () => {
    logger.setLogLevel('DEBUG');
    const owner = await signupWithWorkspace(stage.api, 'shallow');
    const nested = `${'['.repeat(63)}"x"${']'.repeat(63)}`;
    const output = captureStdout();
    const response = await stage.api.request('POST', '/scenarios', {
      token: owner.accessToken,
      workspaceId: owner.workspaceId,
      rawBody: `{"name":"Deep but fine","action":"handover","keywords":${nested}}`,
      headers: { 'content-type': 'application/json' },
    });
    output.restore();
    // Within the depth limit, the schema decides (keywords must be strings): a validation 400, not invalid_json.
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
  });
});
