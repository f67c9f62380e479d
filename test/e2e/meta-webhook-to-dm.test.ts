import { metaWebhookToDmSuite } from './meta-webhook-to-dm.suite';

// The path on the local stage: the table-backed queue, the local KMS stand-in, the generated JWT secret.
metaWebhookToDmSuite('local queue');
