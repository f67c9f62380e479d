import { type SESv2Client, SESv2ServiceException, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { EmailMessage } from '../../domain/email/messages';
import { ProviderError } from '../../errors';
import type { EmailSender } from '../../services/email/ports';

/**
 * Amazon SES API v2 SendEmail (POST /v2/email/outbound-emails) with a Simple message: SES builds the MIME message
 * from the subject and the text body, both sent as UTF-8.
 * https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_SendEmail.html
 * The From address must be a verified identity (an address, or its domain): otherwise SES answers MessageRejected,
 * like every other refusal (sandbox recipient not verified, account paused or suspended), and we answer
 * 502 provider_error naming SES's error, never the message or its recipient.
 */
export class SesEmailSender implements EmailSender {
  constructor(
    private readonly client: SESv2Client,
    private readonly from: string,
  ) {}

  async send(message: EmailMessage): Promise<void> {
    try {
      await this.client.send(
        new SendEmailCommand({
          FromEmailAddress: this.from,
          Destination: { ToAddresses: [message.to] },
          Content: {
            Simple: {
              Subject: { Data: message.subject, Charset: 'UTF-8' },
              Body: { Text: { Data: message.text, Charset: 'UTF-8' } },
            },
          },
        }),
      );
    } catch (error) {
      throw new ProviderError(
        'email',
        error instanceof SESv2ServiceException
          ? `Amazon SES did not send the email (${error.name}).`
          : 'Amazon SES could not be reached to send the email.',
      );
    }
  }
}
