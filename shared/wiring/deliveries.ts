import { stageTable } from '../adapters/dynamo/client';
import { DynamoDeliveryStore } from '../adapters/dynamo/delivery-store';
import { DeliveryService } from '../services/deliveries/delivery-service';
import { built } from './container';

export function deliveryService(): DeliveryService {
  return built(deliveryService, () => new DeliveryService(new DynamoDeliveryStore(stageTable)));
}
