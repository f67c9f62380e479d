/** The emails Flow IA sends: plain text, every link on a line of its own so any mail client makes it clickable. */
export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
}

const day = (at: Date) => at.toISOString().slice(0, 16).replace('T', ' ');

/**
 * A value someone typed (a workspace or user name) as it may appear in an email we send: on one line, and with no
 * working link in it, so our sender address cannot be made to carry someone else's URL.
 */
export function plain(value: string): string {
  return value
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/:\/\//g, ': //')
    .trim();
}

export function verificationEmail(input: {
  to: string;
  name: string | null;
  link: string;
  expiresAt: Date;
}): EmailMessage {
  return {
    to: input.to,
    subject: 'Confirm your email address for Flow IA',
    text: [
      `Hello${input.name ? ` ${plain(input.name)}` : ''},`,
      '',
      'Open this link to confirm that this address is yours:',
      '',
      input.link,
      '',
      `The link works once, until ${day(input.expiresAt)} UTC. If you did not create a Flow IA account, ignore this email.`,
    ].join('\n'),
  };
}

export function invitationEmail(input: {
  to: string;
  workspaceName: string;
  inviter: string;
  role: string;
  link: string;
  expiresAt: Date;
}): EmailMessage {
  return {
    to: input.to,
    subject: `${plain(input.inviter)} invited you to ${plain(input.workspaceName)} on Flow IA`,
    text: [
      'Hello,',
      '',
      `${plain(input.inviter)} invited you to join the workspace "${plain(input.workspaceName)}" on Flow IA as ${input.role}.`,
      '',
      'Open this link, sign in (or sign up) with this email address and confirm it, then accept:',
      '',
      input.link,
      '',
      `The invitation works once, until ${day(input.expiresAt)} UTC. If you did not expect it, ignore this email.`,
    ].join('\n'),
  };
}

/** A conversation was handed to a human: who wrote, where, and what (the person's words, made inert). */
export function handoverEmail(input: {
  to: string;
  contact: string;
  platform: string;
  text: string;
  assigned: boolean;
}): EmailMessage {
  return {
    to: input.to,
    subject: `${plain(input.contact)} is waiting for a human on ${input.platform}`,
    text: [
      'Hello,',
      '',
      `${plain(input.contact)} wrote on ${input.platform} and the bot handed the conversation over: it stays silent there until someone resumes it.`,
      '',
      `Their message: "${plain(input.text).slice(0, 500)}"`,
      '',
      input.assigned
        ? 'The conversation is assigned to you: answer it from the Flow IA inbox.'
        : 'Nobody is assigned yet: answer it, or assign it, from the Flow IA inbox.',
    ].join('\n'),
  };
}

/** The http(s) links of a text, in order (the local mailbox lists them beside each message). */
export function linksOf(text: string): string[] {
  return text.match(/https?:\/\/[^\s<>"]+/g) ?? [];
}
