import { CreateEmailIdentityCommand, DeleteEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MotoServer, startMotoServer } from '../../infra/local/moto-server';
import { SesEmailSender } from '../../shared/adapters/ses/ses-email-sender';
import { ProviderError } from '../../shared/errors';
import { signupWithWorkspace } from '../support/api';
import { startTestStage, type TestStage } from '../support/stage';

/** What moto recorded for each email SES accepted (GET /moto-api/data.json, `ses.Message`). */
interface MotoMessage {
  id: string;
  source: string;
  subject: string;
  body: string;
  destinations: { ToAddresses: string[] };
}

const DOMAIN = 'mail.flowia.test';
/** moto accepts any credentials; the region is the stage's default. */
const REGION = 'eu-west-3';
const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const FROM = `Flow IA <no-reply@${DOMAIN}>`;

let moto: MotoServer;
let ses: SESv2Client;
beforeAll(async () => {
  moto = await startMotoServer();
  ses = new SESv2Client({ region: REGION, endpoint: moto.endpoint, credentials: CREDENTIALS });
  // What an operator does once per stage: verify the sending domain in SES.
  await ses.send(new CreateEmailIdentityCommand({ EmailIdentity: DOMAIN }));
}, 90_000);
afterAll(async () => {
  ses?.destroy();
  await moto?.stop();
});

/** moto's own view of its backends (GET /moto-api/data.json): the emails SES accepted. */
async function sentBySes(): Promise<MotoMessage[]> {
  const data = (await (await fetch(`${moto.endpoint}/moto-api/data.json`)).json()) as {
    ses?: { Message?: MotoMessage[] };
  };
  return data.ses?.Message ?? [];
}

describe('Class: SesEmailSender (real SESv2Client against moto_server)', () => {
  describe('Method: send', () => {
    it('sends a Simple message from the verified identity to the one recipient', async () => {
      // Prepare
      const sender = new SesEmailSender(ses, FROM);
      const before = (await sentBySes()).length;

      // Act
      await sender.send({
        to: 'lea@example.test',
        subject: 'Bonjour Léa',
        text: 'Ouvrez https://app.test/x',
      });

      // Assess
      const sent = (await sentBySes()).slice(before);
      expect(sent).toEqual([
        expect.objectContaining({
          source: FROM,
          subject: 'Bonjour Léa',
          body: 'Ouvrez https://app.test/x',
          destinations: { ToAddresses: ['lea@example.test'] },
        }),
      ]);
    });

    it("answers 502 provider_error naming SES's refusal when the From identity is not verified", async () => {
      // Prepare
      const sender = new SesEmailSender(ses, 'someone@unverified.test');
      const before = (await sentBySes()).length;

      // Act
      const sending = sender.send({ to: 'lea@example.test', subject: 'x', text: 'y' });

      // Assess
      await expect(sending).rejects.toBeInstanceOf(ProviderError);
      await expect(sending).rejects.toMatchObject({ status: 502, code: 'provider_error' });
      await expect(sending).rejects.toThrow(/MessageRejected/);
      expect(await sentBySes()).toHaveLength(before);
    });

    it('answers 502 provider_error when SES cannot be reached', async () => {
      const unreachable = new SESv2Client({
        region: REGION,
        endpoint: 'http://127.0.0.1:9',
        credentials: CREDENTIALS,
        maxAttempts: 1,
      });
      try {
        await expect(
          new SesEmailSender(unreachable, FROM).send({ to: 'a@example.test', subject: 'x', text: 'y' }),
        ).rejects.toMatchObject({ status: 502, message: expect.stringContaining('could not be reached') });
      } finally {
        unreachable.destroy();
      }
    });
  });
});

describe('The stage with EMAIL_FROM set: email goes through Amazon SES', () => {
  let stage: TestStage;
  beforeAll(async () => {
    stage = await startTestStage({
      env: {
        EMAIL_FROM: FROM,
        // The AWS SDK's service-specific endpoint variable: the stage's own SES client talks to moto.
        AWS_ENDPOINT_URL_SESV2: moto.endpoint,
        AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      },
    });
  });
  afterAll(() => stage?.stop());

  it('emails the verification link through SES, and nothing lands in the local mailbox', async () => {
    // Prepare
    const email = `ses.${Date.now()}@example.test`;

    // Act
    const created = await stage.api.post('/auth/signup', { email, password: 'correct horse battery' });

    // Assess
    expect(created.status).toBe(201);
    const mail = (await sentBySes()).find((m) => m.destinations.ToAddresses.includes(email));
    expect(mail).toMatchObject({ source: FROM, subject: 'Confirm your email address for Flow IA' });
    const token = new URL(mail!.body.match(/https?:\/\/\S+/)![0]).searchParams.get('token');
    expect((await stage.api.post('/auth/verify-email', { token })).status).toBe(200);
    expect((await stage.api.get(`/_local/mailbox?to=${encodeURIComponent(email)}`)).body.items).toEqual([]);
  });

  it('keeps no invitation when SES refuses to send it: 502 provider_error', async () => {
    // Prepare: the sending domain loses its verification.
    const owner = await signupWithWorkspace(stage.api, 'sesowner');
    await ses.send(new DeleteEmailIdentityCommand({ EmailIdentity: DOMAIN }));
    try {
      // Act
      const invited = await stage.api.post(
        `/workspaces/${owner.workspaceId}/members`,
        { email: `hire.${Date.now()}@example.test`, role: 'member' },
        { token: owner.accessToken },
      );

      // Assess
      expect(invited.status).toBe(502);
      expect(invited.body.error).toMatchObject({
        code: 'provider_error',
        message: expect.stringContaining('SES'),
      });
      const pending = await stage.api.get(`/workspaces/${owner.workspaceId}/invitations`, {
        token: owner.accessToken,
      });
      expect(pending.body.items).toEqual([]);
    } finally {
      await ses.send(new CreateEmailIdentityCommand({ EmailIdentity: DOMAIN }));
    }
  });
});
