import * as core from '@actions/core';
import path from 'node:path';
import { toDSSEBundle, toMessageSignatureBundle, type Bundle } from '@sigstore/bundle';
import { dsse } from '@sigstore/core';
import type { Witness } from '@sigstore/sign';
import { ActionError, rootCauseMessage } from '../errors.js';
import type { SignTarget } from '../plan/sign-plan.js';
import type { SigningCredential } from '../sigstore/certificate.js';
import { bundleJSON, writeBundleFile } from './bundle-file.js';
import { TlogEntryExists } from '../sigstore/witnesses.js';
import { digestFile } from '../artifact/digest.js';
import { ProgressReporter } from './progress.js';
import { printable, printableName } from '../report/log-text.js';
import { IN_TOTO_PAYLOAD_TYPE, inTotoStatement, type Attestation } from '../attest/statement.js';

/** What signing needs from the outside world. */
export interface SigningDeps {
  /** The current certificate and key (renewed as needed). */
  credential(): Promise<SigningCredential>;
  /** Rekor, and the TSA when the instance has one. */
  readonly witnesses: readonly Witness[];
  /** Checks a finished bundle before it is written; throws to refuse it. */
  readonly check?: (
    bundle: Bundle,
    file: { sha256: Buffer; content?: Buffer },
    credential: SigningCredential,
  ) => void;
}

export interface SignOptions {
  readonly concurrency: number;
  readonly overwrite: boolean;
  /** Attest each file (an in-toto statement in a DSSE envelope) instead of signing it. */
  readonly attestation?: Attestation;
}

export interface SignedFile {
  readonly target: SignTarget;
  readonly sha256: string;
  readonly size: number;
  readonly identity: string;
  readonly issuer?: string;
  /** OWNER/REPO of the signing run (the certificate's source repository), when it names one. */
  readonly sourceRepository?: string;
  readonly logIndex: string;
  readonly bundle: Bundle;
}

export interface SignOutcome {
  readonly signed: SignedFile[];
  readonly failed: { readonly target: SignTarget; readonly error: ActionError }[];
  /** Files never started because an earlier one failed. */
  readonly skipped: SignTarget[];
}

/**
 * Signs every target: stream its digest, sign it with the run's certificate, log it (and
 * timestamp it) through the witnesses, write the v0.3 bundle atomically. Up to `concurrency`
 * files are in flight. After the first failure no new file is started (a release with some
 * files unsigned is not a release), the ones in flight finish, and the outcome lists all three.
 */
export async function signFiles(
  targets: readonly SignTarget[],
  deps: SigningDeps,
  options: SignOptions,
): Promise<SignOutcome> {
  const signed: SignedFile[] = [];
  const failed: SignOutcome['failed'] = [];
  const progress = new ProgressReporter(targets.length);
  let next = 0;

  const worker = async (): Promise<void> => {
    while (next < targets.length && failed.length === 0) {
      const target = targets[next++];
      try {
        const file = await signOne(target, deps, options, (n) => progress.addBytes(n));
        signed.push(file);
        core.info(
          `${options.attestation ? 'Attested' : 'Signed'} ${printableName(target.displayPath)} -> ${printableName(target.bundleDisplayPath)} (log index ${printable(file.logIndex)})`,
        );
        progress.fileDone();
      } catch (err) {
        const error =
          err instanceof ActionError
            ? err
            : new ActionError('SIGNING_FAILED', rootCauseMessage(err), { cause: err });
        failed.push({ target, error });
      }
    }
  };
  const workers = Array.from({ length: Math.min(options.concurrency, targets.length) }, worker);
  try {
    await Promise.all(workers);
  } finally {
    progress.stop();
  }
  const done = new Set([...signed.map((s) => s.target), ...failed.map((f) => f.target)]);
  const order = new Map(targets.map((t, i) => [t, i]));
  signed.sort((a, b) => order.get(a.target)! - order.get(b.target)!);
  return { signed, failed, skipped: targets.filter((t) => !done.has(t)) };
}

/**
 * How many times one file is signed when Rekor v2 answers that it already holds the entry. Each
 * new signature is fresh (random or hedged ECDSA nonces), so a second collision means something
 * else went wrong (another lost answer); five attempts leave room for that, not for a loop.
 */
export const MAX_SIGNATURES_PER_FILE = 5;

async function signOne(
  target: SignTarget,
  deps: SigningDeps,
  options: SignOptions,
  onBytes: (n: number) => void,
): Promise<SignedFile> {
  const { digests, size, content } = await digestFile(target.path, target.displayPath, { onBytes });
  const sha256 = digests.sha256!;
  for (let attempt = 1; ; attempt++) {
    // Fetched after hashing, so a long hash cannot eat into the certificate's validity.
    const credential = await deps.credential();
    const bundle = options.attestation
      ? attestationBundle(target, sha256, options.attestation, credential)
      : toMessageSignatureBundle({
          digest: sha256,
          signature: content ? credential.signMessage(content) : credential.signDigest(sha256),
          certificate: credential.certificateDER,
          // false: a v0.3 bundle with the leaf `certificate` (true would give v0.2's chain).
          certificateChain: false,
        });
    let material: Material;
    try {
      material = await witness(deps.witnesses, bundle, credential);
    } catch (err) {
      // Rekor v2 already holds this entry and cannot hand it back (witnesses.ts): a new
      // signature is a new entry. Choosing this over rebuilding the entry and its proof from the
      // log's tiles: the tiles are served from another address than the write API, and a
      // rebuilt body that differs from the log's by one byte makes a bundle no one can verify.
      // The cost is one more entry in a public log, for a rare event.
      if (err instanceof TlogEntryExists && attempt < MAX_SIGNATURES_PER_FILE) {
        core.info(
          `${printableName(target.displayPath)}: the transparency log already holds this signature (a repeated request); signing again`,
        );
        continue;
      }
      throw err instanceof TlogEntryExists ? witnessError(err) : err;
    }
    bundle.verificationMaterial.tlogEntries = material.tlogEntries;
    bundle.verificationMaterial.timestampVerificationData = {
      rfc3161Timestamps: material.rfc3161Timestamps,
    };
    deps.check?.(bundle, { sha256, content }, credential);
    await writeBundleFile(
      target.bundlePath,
      target.bundleDisplayPath,
      bundleJSON(bundle),
      options.overwrite,
    );
    return {
      target,
      sha256: sha256.toString('hex'),
      size,
      identity: credential.identity,
      issuer: credential.issuer,
      sourceRepository: credential.sourceRepository,
      logIndex: material.tlogEntries[0]?.logIndex ?? '',
      bundle,
    };
  }
}

/**
 * The file as the one subject of an in-toto statement (by its name and sha256), signed as a
 * DSSE envelope. Built here rather than by @sigstore/sign's DSSEBundleBuilder, which would
 * witness each bundle through its own Rekor and TSA clients: ours retry, share the run's
 * deadline and certificate, and count requests.
 */
function attestationBundle(
  target: SignTarget,
  sha256: Buffer,
  attestation: Attestation,
  credential: SigningCredential,
): Bundle {
  const statement = inTotoStatement(
    { name: path.basename(target.path), sha256Hex: sha256.toString('hex') },
    attestation,
  );
  return toDSSEBundle({
    artifact: statement,
    artifactType: IN_TOTO_PAYLOAD_TYPE,
    signature: credential.signMessage(dsse.preAuthEncoding(IN_TOTO_PAYLOAD_TYPE, statement)),
    certificate: credential.certificateDER,
    certificateChain: false,
  });
}

type Material = Pick<Bundle['verificationMaterial'], 'tlogEntries'> & {
  rfc3161Timestamps: NonNullable<
    Bundle['verificationMaterial']['timestampVerificationData']
  >['rfc3161Timestamps'];
};

/** Rekor and the TSA in parallel, as @sigstore/sign's BaseBundleBuilder does. */
async function witness(
  witnesses: readonly Witness[],
  bundle: Bundle,
  credential: SigningCredential,
): Promise<Material> {
  const material: Material = { tlogEntries: [], rfc3161Timestamps: [] };
  const results = await Promise.all(
    witnesses.map((w) =>
      w.testify(bundle.content, credential.certificatePEM).catch((err: unknown) => {
        // Kept as it is: signOne signs again.
        throw err instanceof TlogEntryExists ? err : witnessError(err);
      }),
    ),
  );
  for (const result of results) {
    material.tlogEntries.push(...(result.tlogEntries ?? []));
    material.rfc3161Timestamps.push(...(result.rfc3161Timestamps ?? []));
  }
  if (material.tlogEntries.length === 0) {
    throw new ActionError('TLOG_FAILED', 'the transparency log returned no entry.');
  }
  return material;
}

/**
 * A witness's failure as the file's. The message does not name the file: the outcome pairs each
 * error with its file, and the reports print the name once (and group files that failed alike).
 */
function witnessError(err: unknown): ActionError {
  // Our witnesses (sigstore/witnesses.ts) already say which service failed and how.
  if (err instanceof ActionError) return err;
  const code = err instanceof Error && 'code' in err ? String(err.code) : '';
  const isTSA = code.startsWith('TSA_');
  return new ActionError(
    isTSA ? 'TSA_FAILED' : 'TLOG_FAILED',
    `${isTSA ? 'the timestamp authority' : 'the transparency log (Rekor)'} failed: ${rootCauseMessage(err)}.`,
    { cause: err },
  );
}
