import { NotFoundError } from '../../../shared/errors';
import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { dataDeletionCodeParams } from '../../../shared/schemas/social';
import { dataDeletionStatusStore } from '../../../shared/wiring/meta';

/** GET /data-deletion/{code}: the public status page Meta links the person to (no Meta keys needed). */
export const handler = http.public({ params: dataDeletionCodeParams }, async ({ params }) => {
  const record = await dataDeletionStatusStore().get(params.code);
  if (!record) throw new NotFoundError('No data deletion request has this confirmation code.');
  return json(200, record);
});
