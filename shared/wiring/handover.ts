import { stageTable } from '../adapters/dynamo/client';
import { DynamoWorkspaceStore } from '../adapters/dynamo/workspace-store';
import { HandoverAlerts } from '../services/conversations/handover-alerts';
import { built } from './container';
import { conversationStore } from './conversations';
import { emailSender } from './email';
import { notificationService } from './notifications';

/**
 * Who hears of a hand-over (the Decide step): the assignee, or the owners and admins; a notification, and an
 * email where the stage has an EmailSender. Its own module so the Decide function does not bundle the engine.
 */
export function handoverAlerts(): HandoverAlerts {
  return built(
    handoverAlerts,
    () =>
      new HandoverAlerts({
        notifications: notificationService(),
        members: new DynamoWorkspaceStore(stageTable),
        conversations: conversationStore(),
        email: emailSender(),
      }),
  );
}
