import { stageTable } from '../adapters/dynamo/client';
import { DynamoDeliveryStore } from '../adapters/dynamo/delivery-store';
import { DeliveryService } from '../services/deliveries/delivery-service';

let service: DeliveryService | undefined;

export function deliveryService(): DeliveryService {
  service ??= new DeliveryService(new DynamoDeliveryStore(stageTable));
  return service;
}
