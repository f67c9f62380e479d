import { SESv2Client } from '@aws-sdk/client-sesv2';
import { stageTable } from '../adapters/dynamo/client';
import { DynamoInvitationStore } from '../adapters/dynamo/invitation-store';
import { DynamoRateCounter } from '../adapters/dynamo/rate-counter';
import { DynamoUserStore } from '../adapters/dynamo/user-store';
import { DynamoWorkspaceStore } from '../adapters/dynamo/workspace-store';
import { jwtSecret } from '../adapters/secrets/jwt-secret';
import { SesEmailSender } from '../adapters/ses/ses-email-sender';
import { config } from '../config';
import { EmailVerificationService } from '../services/auth/email-verification';
import type { EmailSender } from '../services/email/ports';
import { SendBudget } from '../services/email/send-budget';
import { InvitationService } from '../services/workspaces/invitation-service';
import { auditLog } from './audit';
import { built } from './container';
import { localStageAdapter } from './local-stage';

/**
 * The services that send email, kept apart from wiring/auth so the login and refresh functions do not bundle the
 * SES client.
 */

/**
 * Amazon SES when EMAIL_FROM is set; on the local stage without it, the local mailbox (GET /_local/mailbox);
 * otherwise none, and whatever must send an email answers 503 provider_not_configured.
 */
export function emailSender(): EmailSender | undefined {
  return built(emailSender, (c) => {
    if (c.EMAIL_FROM) return new SesEmailSender(new SESv2Client({ region: c.AWS_REGION }), c.EMAIL_FROM);
    return c.STAGE === 'local' ? localStageAdapter('mailbox') : undefined;
  });
}

export function emailVerificationService(): EmailVerificationService {
  return built(emailVerificationService, () => {
    const c = config();
    return new EmailVerificationService(
      new DynamoUserStore(stageTable),
      emailSender(),
      new SendBudget(new DynamoRateCounter(stageTable)),
      {
        secret: jwtSecret,
        ttlSeconds: c.EMAIL_VERIFICATION_TTL_SECONDS,
        frontendUrl: c.FRONTEND_URL,
        perHour: c.EMAIL_VERIFICATION_PER_HOUR,
      },
    );
  });
}

export function invitationService(): InvitationService {
  return built(invitationService, () => {
    const c = config();
    return new InvitationService(
      new DynamoInvitationStore(stageTable),
      new DynamoWorkspaceStore(stageTable),
      new DynamoUserStore(stageTable),
      emailSender(),
      new SendBudget(new DynamoRateCounter(stageTable)),
      { frontendUrl: c.FRONTEND_URL, perWorkspacePerHour: c.INVITATIONS_PER_WORKSPACE_PER_HOUR },
      undefined,
      auditLog(),
    );
  });
}
