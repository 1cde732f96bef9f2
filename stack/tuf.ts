// A static TUF repository (root, timestamp, snapshot, targets; consistent snapshots, as
// sigstore's) serving the stack's trusted_root.json and signing config, so the real @sigstore/tuf
// client can be pointed at it (`mirrorURL` = the /tuf prefix, `rootPath` = the initial root).
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import {
  Key,
  Metadata,
  MetaFile,
  Root,
  Signature,
  Snapshot,
  TargetFile,
  Targets,
  Timestamp,
} from '@tufjs/models';
import { notFound, methodNotAllowed, type StackRequest, type StackResponse } from './http.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const SPEC_VERSION = '1.0.31';

interface RoleKey {
  key: Key;
  signer: (data: Buffer) => Signature;
}

function newRoleKey(): RoleKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const publicHex = publicKey.export({ type: 'spki', format: 'der' }).subarray(-32).toString('hex');
  // TUF key id: SHA-256 of the canonical JSON key (keys sorted, no whitespace).
  const canonical = `{"keytype":"ed25519","keyval":{"public":"${publicHex}"},"scheme":"ed25519"}`;
  const keyID = createHash('sha256').update(canonical).digest('hex');
  return {
    key: new Key({ keyID, keyType: 'ed25519', scheme: 'ed25519', keyVal: { public: publicHex } }),
    signer: (data) => new Signature({ keyID, sig: sign(null, data, privateKey).toString('hex') }),
  };
}

function iso(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function serialize(metadata: Metadata<Root | Timestamp | Snapshot | Targets>): Buffer {
  return Buffer.from(JSON.stringify(metadata.toJSON(), null, 2));
}

export class TufRepository {
  /** The version-1 root, which clients must be given out of band (STACK_TUF_ROOT). */
  readonly rootJson: Buffer;
  private readonly files = new Map<string, Buffer>();

  constructor(targetFiles: Record<string, Buffer>, now = new Date()) {
    const roles = {
      root: newRoleKey(),
      timestamp: newRoleKey(),
      snapshot: newRoleKey(),
      targets: newRoleKey(),
    };
    const expiry = (days: number): string => iso(new Date(now.getTime() + days * DAY_MS));

    const root = new Metadata(
      new Root({
        version: 1,
        specVersion: SPEC_VERSION,
        expires: expiry(365),
        consistentSnapshot: true,
      }),
    );
    for (const [role, { key }] of Object.entries(roles)) root.signed.addKey(key, role);
    root.sign(roles.root.signer);
    this.rootJson = serialize(root);

    const targets = new Metadata(
      new Targets({ version: 1, specVersion: SPEC_VERSION, expires: expiry(180) }),
    );
    for (const [name, content] of Object.entries(targetFiles)) {
      const hash = sha256Hex(content);
      targets.signed.addTarget(
        new TargetFile({ path: name, length: content.length, hashes: { sha256: hash } }),
      );
      // Consistent snapshots: targets are fetched by `<hash>.<name>`.
      this.files.set(`/targets/${hash}.${name}`, content);
      this.files.set(`/targets/${name}`, content);
    }
    targets.sign(roles.targets.signer);
    const targetsJson = serialize(targets);

    const snapshot = new Metadata(
      new Snapshot({
        version: 1,
        specVersion: SPEC_VERSION,
        expires: expiry(30),
        meta: { 'targets.json': new MetaFile({ version: 1 }) },
      }),
    );
    snapshot.sign(roles.snapshot.signer);
    const snapshotJson = serialize(snapshot);

    const timestamp = new Metadata(
      new Timestamp({
        version: 1,
        specVersion: SPEC_VERSION,
        expires: expiry(7),
        snapshotMeta: new MetaFile({
          version: 1,
          length: snapshotJson.length,
          hashes: { sha256: sha256Hex(snapshotJson) },
        }),
      }),
    );
    timestamp.sign(roles.timestamp.signer);

    this.files.set('/root.json', this.rootJson);
    this.files.set('/1.root.json', this.rootJson);
    this.files.set('/timestamp.json', serialize(timestamp));
    this.files.set('/snapshot.json', snapshotJson);
    this.files.set('/1.snapshot.json', snapshotJson);
    this.files.set('/targets.json', targetsJson);
    this.files.set('/1.targets.json', targetsJson);
  }

  handle(req: StackRequest): StackResponse {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return methodNotAllowed(req.method, req.path);
    const file = this.files.get(req.path);
    // A 404 for `2.root.json` is how a TUF client learns the root it has is the latest.
    if (!file) return notFound(req.path);
    return { status: 200, headers: { 'content-type': 'application/octet-stream' }, body: file };
  }
}
