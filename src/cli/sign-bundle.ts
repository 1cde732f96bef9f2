import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DSSEBundleBuilder } from '@sigstore/sign';
import { IN_TOTO_PAYLOAD_TYPE } from '../attest/statement.js';
import { ActionError } from '../errors.js';
import { bundleJSON, writeBundleFile } from '../sign/bundle-file.js';
import { networkOptions } from '../net/service-client.js';
import { MAX_SIGNATURES_PER_FILE, signFiles } from '../sign/sign-files.js';
import { CertificateSession, sessionSigner } from '../sigstore/certificate.js';
import { StaticIdentityProvider } from '../sigstore/identity.js';
import { loadInstance } from '../sigstore/instance.js';
import { createWitnesses, selectServices } from '../sigstore/services.js';
import { TlogEntryExists } from '../sigstore/witnesses.js';
import type { SignBundleOptions } from './args.js';

/** sigstore-conformance `sign-bundle`: one file, one bundle at an explicit path. */
export async function signBundle(options: SignBundleOptions): Promise<void> {
  const instance = await loadInstance(options.instance);
  const services = selectServices(instance.signingConfig, {
    configName: instance.signingConfigName,
  });
  const network = networkOptions();
  const session = new CertificateSession({
    fulcioURL: services.fulcioURL,
    identityProvider: new StaticIdentityProvider(options.identityToken, {
      input: '--identity-token',
    }),
    network,
  });
  const witnesses = createWitnesses(services, network);

  if (options.inToto) {
    // An in-toto statement is small and signed whole, as a DSSE envelope: sigstore-js's own
    // DSSE builder does that, with our certificate session as its signer.
    const statement = await fs.readFile(options.file);
    const builder = new DSSEBundleBuilder({
      signer: sessionSigner(session),
      witnesses,
      certificateChain: false,
    });
    let bundle;
    for (let attempt = 1; ; attempt++) {
      try {
        bundle = await builder.create({ data: statement, type: IN_TOTO_PAYLOAD_TYPE });
        break;
      } catch (err) {
        // Rekor v2 holds this entry already (a repeated request): a fresh signature is a new one.
        if (!(err instanceof TlogEntryExists) || attempt === MAX_SIGNATURES_PER_FILE) throw err;
      }
    }
    await writeBundleFile(options.bundlePath, options.bundlePath, bundleJSON(bundle), true);
    return;
  }

  const file = path.resolve(options.file);
  const outcome = await signFiles(
    [
      {
        path: file,
        displayPath: options.file,
        bundlePath: path.resolve(options.bundlePath),
        bundleDisplayPath: options.bundlePath,
      },
    ],
    { credential: () => session.credential(), witnesses },
    { concurrency: 1, overwrite: true },
  );
  const failure = outcome.failed[0];
  // The outcome pairs the error with its file; a lone error names the file itself.
  if (failure) {
    throw new ActionError(failure.error.code, `${options.file}: ${failure.error.message}`, {
      cause: failure.error,
    });
  }
  if (outcome.signed.length !== 1) {
    throw new ActionError('INTERNAL', `${options.file} was not signed.`);
  }
}
