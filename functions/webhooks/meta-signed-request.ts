import { ValidationError } from '../../shared/errors';
import { type ApiHandler, http } from '../../shared/http/handler';
import { json } from '../../shared/http/response';

/**
 * A Meta app callback (data deletion, deauthorize) as a function URL, on the raw-body webhook stack: the body is
 * a form, not JSON. Meta posts `signed_request` as an application/x-www-form-urlencoded field to both callbacks:
 * https://developers.facebook.com/docs/development/create-an-app/app-dashboard/data-deletion-callback/
 */
export function signedRequestCallback(answer: (signedRequest: string) => Promise<unknown>): ApiHandler {
  return http.webhook({ methods: ['POST'], maxBodyBytes: 64 * 1024 }, async ({ rawBody }) => {
    const signedRequest = new URLSearchParams(rawBody).get('signed_request');
    if (!signedRequest)
      throw new ValidationError('The signed_request form field is required.', [
        { path: 'signed_request', message: 'Required.' },
      ]);
    return json(200, await answer(signedRequest));
  });
}
