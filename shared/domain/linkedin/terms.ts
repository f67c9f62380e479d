/**
 * LinkedIn offers no API for reading and answering members' messages, and its User Agreement (section 8.2,
 * "Don'ts", https://www.linkedin.com/legal/user-agreement) forbids to "use bots or other automated methods to
 * access the Services, add or download contacts, send or redirect messages". Flow IA drives a browser with
 * the member's own session instead: the workspace owner is told so before the first connection and
 * acknowledges it once; who and when is kept.
 */
export const LINKEDIN_TERMS_WARNING =
  "LinkedIn has no API for this: Flow IA reads and answers your LinkedIn messages by driving a browser with your own session. LinkedIn's User Agreement (section 8.2) forbids bots and other automated methods that send messages, so LinkedIn may restrict or close the account. Flow IA keeps a low pace (a daily message cap, working hours, human-like pauses), which lowers that risk but does not remove it.";

export const LINKEDIN_TERMS_URL = 'https://www.linkedin.com/legal/user-agreement';

export interface LinkedInTermsAcknowledgement {
  /** The workspace owner who acknowledged the warning. */
  acknowledgedBy: string;
  acknowledgedAt: string;
}
