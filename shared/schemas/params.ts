import { fields } from './validation';
import * as z from './zod';

/**
 * Path parameters and the page query, apart from the feature schema modules: a module's zod schemas are built when
 * it is imported, so a handler that reads only an `{id}` or a page (get, delete, list) builds none of its feature's
 * body and view schemas at a cold start (scenarios.ts alone is ~290).
 */
export const idParams = z.object({ id: fields.id });
export const memberParams = z.object({ id: fields.id, userId: fields.id });
export const workspaceInvitationParams = z.object({ id: fields.id, invitationId: fields.id });
export const invitationParams = z.object({ invitationId: fields.id });
export const pageQuery = z.object({ limit: fields.limit, cursor: fields.cursor });
