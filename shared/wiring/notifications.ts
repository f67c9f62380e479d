import { stageTable } from '../adapters/dynamo/client';
import { DynamoNotificationStore } from '../adapters/dynamo/notification-store';
import { NotificationService } from '../services/notifications/notification-service';
import { built } from './container';

export function notificationService(): NotificationService {
  return built(notificationService, () => new NotificationService(new DynamoNotificationStore(stageTable)));
}
