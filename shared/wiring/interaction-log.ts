import { stageTable } from '../adapters/dynamo/client';
import { DynamoDeliveryStore } from '../adapters/dynamo/delivery-store';
import { DynamoInteractionStore } from '../adapters/dynamo/interaction-store';
import { DynamoLeadWriter } from '../adapters/dynamo/lead-writer';
import { InboxRecorder } from '../services/conversations/inbox-recorder';
import { PageEchoRecorder } from '../services/conversations/page-echo-recorder';
import { InteractionLogger } from '../services/engine/interaction-logger';
import { built } from './container';
import { automationGate, conversationStore } from './conversations';
import { notificationService } from './notifications';
import { retentionPolicy } from './retention';
import { webhookEvents } from './webhooks';

/** The LogInteraction step: the interaction, the lead, the inbox's thread and the page's own echoes. */
export function interactionLogger(): InteractionLogger {
  return built(
    interactionLogger,
    () =>
      new InteractionLogger(
        new DynamoInteractionStore(stageTable, retentionPolicy()),
        new DynamoLeadWriter(stageTable),
        webhookEvents(),
        () => new Date(),
        new InboxRecorder(conversationStore()),
        new PageEchoRecorder({
          sends: new DynamoDeliveryStore(stageTable),
          gate: automationGate(),
          store: conversationStore(),
        }),
        notificationService(),
      ),
  );
}
