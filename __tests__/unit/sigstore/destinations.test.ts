import {
  allowedHTTPHosts,
  checkServiceURL,
  isLoopbackHost,
  publicInstanceOf,
} from '../../../src/sigstore/destinations.js';
import { ActionError } from '../../../src/errors.js';

describe('publicInstanceOf', () => {
  it.each([
    ['https://fulcio.sigstore.dev', 'the Sigstore public-good instance'],
    ['https://log2025-1.rekor.sigstore.dev', 'the Sigstore public-good instance'],
    ['https://timestamp.sigstore.dev/api/v1/timestamp', 'the Sigstore public-good instance'],
    ['https://REKOR.SIGSTORE.DEV./', 'the Sigstore public-good instance'],
    ['https://log2025-alpha1.rekor.sigstage.dev', 'Sigstore staging'],
    ['https://global.rekor.sigstage.dev', 'Sigstore staging'],
  ])('%s is %s', (url, instance) => {
    expect(publicInstanceOf(url)).toBe(instance);
  });

  it.each([
    'https://fulcio.githubapp.com',
    'https://sigstore.dev.evil.example',
    'https://evilsigstore.dev',
    'http://127.0.0.1:8080/fulcio',
    'not a url',
  ])('%s is no public instance', (url) => {
    expect(publicInstanceOf(url)).toBeUndefined();
  });
});

describe('plain http', () => {
  it.each(['127.0.0.1', '127.8.9.10', 'localhost', 'LOCALHOST.', '[::1]', '::ffff:127.0.0.1'])(
    '%s is loopback',
    (host) => expect(isLoopbackHost(host)).toBe(true),
  );

  it.each(['128.0.0.1', '10.0.0.1', 'localhost.evil.example', '127.0.0.1.nip.io', '[::2]'])(
    '%s is not loopback',
    (host) => expect(isLoopbackHost(host)).toBe(false),
  );

  it('allows https anywhere, http on loopback or a listed host (and says so), nothing else', () => {
    expect(checkServiceURL('https://fulcio.example', 'x')).toBe(false);
    expect(checkServiceURL('http://127.0.0.1:3000/fulcio', 'x')).toBe(false);
    expect(checkServiceURL('http://stack.test:3000/fulcio', 'x', ['stack.test'])).toBe(true);
    const refused = (url: string): ActionError | undefined => {
      try {
        checkServiceURL(url, 'caUrls[0].url');
      } catch (err) {
        return err as ActionError;
      }
      return undefined;
    };
    expect(refused('http://fulcio.internal:8080')?.code).toBe('INSECURE_SERVICE_URL');
    expect(refused('ftp://fulcio.internal')?.code).toBe('INPUT_INVALID');
  });

  it('reads the allowed hosts from SIGSTORE_ACTION_ALLOW_HTTP_HOSTS', () => {
    expect(allowedHTTPHosts({ SIGSTORE_ACTION_ALLOW_HTTP_HOSTS: ' A.test , ,b.test' })).toEqual([
      'a.test',
      'b.test',
    ]);
    expect(allowedHTTPHosts({})).toEqual([]);
  });
});
