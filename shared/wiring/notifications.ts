import { stageTable } from '../adapters/dynamo/client';
import { DynamoNotificationStore } from '../adapters/dynamo/notification-store';
import { NotificationService } from '../services/notifications/notification-service';

let service: NotificationService | undefined;

export function notificationService(): NotificationService {
  service ??= new NotificationService(new DynamoNotificationStore(stageTable));
  return service;
}
