import * as core from '@actions/core';
import { ServiceClient, type NetworkOptions } from '../net/service-client.js';

/**
 * The job's OIDC identity token from the runner's token service, the request @actions/core's
 * getIDToken makes (GET ACTIONS_ID_TOKEN_REQUEST_URL&audience=..., bearer
 * ACTIONS_ID_TOKEN_REQUEST_TOKEN, answer `{"value": jwt}`), through our ServiceClient: the
 * toolkit's client retries only 502-504, with no timeout, jitter or Retry-After. The token is
 * masked in the log the moment it arrives, as getIDToken does.
 */
export function runnerTokenFetcher(
  env: NodeJS.ProcessEnv,
  network: NetworkOptions,
  onToken: (token: string) => void = () => undefined,
): (audience: string) => Promise<string> {
  const client = new ServiceClient({
    ...network,
    service: "the runner's OIDC token service",
    errorCode: 'OIDC_TOKEN_FAILED',
  });
  return async (audience) => {
    const { json } = await client.send({
      method: 'GET',
      url: `${env.ACTIONS_ID_TOKEN_REQUEST_URL ?? ''}&audience=${encodeURIComponent(audience)}`,
      headers: {
        authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN ?? ''}`,
        accept: 'application/json',
      },
      json: true,
    });
    const value = (json as { value?: unknown } | null)?.value;
    if (typeof value !== 'string' || !value) {
      throw new Error('the answer has no "value" field with the token');
    }
    core.setSecret(value);
    onToken(value);
    return value;
  };
}
