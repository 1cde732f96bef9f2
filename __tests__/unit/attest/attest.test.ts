import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAttestationInputs, readPredicateFile } from '../../../src/attest/predicate.js';
import { checkProvenanceClaims, githubBuildProvenance } from '../../../src/attest/provenance.js';
import {
  inTotoStatement,
  sameAttestation,
  SLSA_PROVENANCE_V1,
} from '../../../src/attest/statement.js';
import { ActionError } from '../../../src/errors.js';
import { CertificateAuthority } from '../../../stack/ca.js';
import { githubExtensions } from '../../../stack/fulcio.js';
import { defaultClaims, identityOf } from '../../../stack/github.js';

const asInput = (name: string): string => name;

function leafPEM(claims: Record<string, string> | undefined): string {
  const ca = new CertificateAuthority();
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const der = ca.issue({
    publicKey,
    subjectAltNameUri: claims ? identityOf(claims) : 'https://example.com/someone',
    extensions: claims ? githubExtensions(claims as Parameters<typeof githubExtensions>[0]) : [],
    validitySeconds: 600,
  });
  return `-----BEGIN CERTIFICATE-----\n${der.toString('base64')}\n-----END CERTIFICATE-----\n`;
}

function thrown(fn: () => unknown): ActionError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ActionError) return err;
    throw err;
  }
  throw new Error('expected an ActionError');
}

describe('githubBuildProvenance', () => {
  it('a reusable workflow: the builder is the called workflow, the path the caller', () => {
    const claims = {
      ...defaultClaims(),
      event_name: 'release',
      ref: 'refs/tags/v2.0.0',
      workflow_ref: 'octo-org/octo-repo/.github/workflows/release.yml@refs/tags/v2.0.0',
      job_workflow_ref: 'octo-org/shared/.github/workflows/build.yml@refs/heads/main',
      runner_environment: 'self-hosted',
      run_attempt: '3',
    };
    const provenance = githubBuildProvenance(leafPEM(claims), 'id');
    expect(provenance.runDetails.builder.id).toBe(
      'https://github.com/octo-org/shared/.github/workflows/build.yml@refs/heads/main',
    );
    expect(provenance.buildDefinition.externalParameters.workflow).toEqual({
      ref: 'refs/tags/v2.0.0',
      repository: 'https://github.com/octo-org/octo-repo',
      path: '.github/workflows/release.yml',
    });
    expect(provenance.buildDefinition.internalParameters.github.event_name).toBe('release');
    expect(provenance.buildDefinition.internalParameters.github.runner_environment).toBe(
      'self-hosted',
    );
    expect(provenance.runDetails.metadata.invocationId).toBe(
      'https://github.com/octo-org/octo-repo/actions/runs/9876543210/attempts/3',
    );
  });

  it('a tag with @ in it: the workflow path is cut at the first @, as actions/attest does', () => {
    const claims = {
      ...defaultClaims(),
      ref: 'refs/tags/@scope/pkg@1.2.3',
      workflow_ref: 'octo-org/octo-repo/.github/workflows/release.yml@refs/tags/@scope/pkg@1.2.3',
      job_workflow_ref:
        'octo-org/octo-repo/.github/workflows/release.yml@refs/tags/@scope/pkg@1.2.3',
    };
    const provenance = githubBuildProvenance(leafPEM(claims), 'id');
    expect(provenance.buildDefinition.externalParameters.workflow).toEqual({
      ref: 'refs/tags/@scope/pkg@1.2.3',
      repository: 'https://github.com/octo-org/octo-repo',
      path: '.github/workflows/release.yml',
    });
  });

  it('a token without GitHub workflow claims is refused before any certificate', () => {
    expect(() => checkProvenanceClaims(defaultClaims())).not.toThrow();
    const err = thrown(() =>
      checkProvenanceClaims({ iss: 'https://accounts.example.com', sub: 'someone@example.com' }),
    );
    expect(err.code).toBe('PREDICATE_INVALID');
    expect(err.message).toContain(
      'this token (issuer "https://accounts.example.com") has no repository, ref, sha, workflow_ref, job_workflow_ref',
    );
  });

  it('a certificate without workflow claims is refused, naming the way out', () => {
    const err = thrown(() => githubBuildProvenance(leafPEM(undefined), 'someone@example.com'));
    expect(err.code).toBe('PREDICATE_INVALID');
    expect(err.message).toContain(
      'the certificate of someone@example.com has no source repository: it was not issued for a GitHub Actions job. Pass the predicate yourself (predicate or predicate-path)',
    );
  });
});

describe('parseAttestationInputs', () => {
  it('no inputs: no attestation', () => {
    expect(parseAttestationInputs({}, asInput)).toBeUndefined();
  });

  it('SLSA provenance alone is made by the action; any other type needs its predicate', () => {
    expect(parseAttestationInputs({ predicateType: SLSA_PROVENANCE_V1 }, asInput)).toEqual({
      predicateType: SLSA_PROVENANCE_V1,
      source: { kind: 'github-provenance' },
    });
    const err = thrown(() =>
      parseAttestationInputs({ predicateType: 'https://example.com/x' }, (n) => `--${n}`),
    );
    expect(err.message).toMatch(/^--predicate-type https:\/\/example.com\/x needs its predicate/);
  });

  it('an inline predicate is parsed at once', () => {
    expect(
      parseAttestationInputs({ predicateType: 'urn:x:y', predicate: ' {"a": [1]} ' }, asInput),
    ).toEqual({ predicateType: 'urn:x:y', source: { kind: 'inline', predicate: { a: [1] } } });
  });

  it.each([
    ['null', 'predicate is JSON null'],
    ['"text"', 'predicate is JSON string'],
    ['{', 'predicate is not valid JSON'],
  ])('refuses the predicate %s', (predicate, message) => {
    const err = thrown(() =>
      parseAttestationInputs({ predicateType: 'urn:x:y', predicate }, asInput),
    );
    expect(err.code).toBe('PREDICATE_INVALID');
    expect(err.message).toContain(message);
  });
});

describe('readPredicateFile', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'predicate-'));

  it('reads a JSON object relative to the base directory', async () => {
    writeFileSync(path.join(dir, 'p.json'), '{"ok": true}');
    await expect(
      readPredicateFile({ kind: 'file', path: 'p.json', input: 'predicate-path' }, dir),
    ).resolves.toEqual({ ok: true });
  });

  it('refuses a directory and a file over 1 MiB', async () => {
    await expect(
      readPredicateFile({ kind: 'file', path: '.', input: 'predicate-path' }, dir),
    ).rejects.toThrow('predicate-path . is not a file');
    writeFileSync(path.join(dir, 'big.json'), `{"a": "${'x'.repeat(1024 * 1024)}"}`);
    await expect(
      readPredicateFile({ kind: 'file', path: 'big.json', input: 'predicate-path' }, dir),
    ).rejects.toThrow(/a predicate is at most 1048576 bytes/);
  });
});

describe('inTotoStatement', () => {
  it('is an in-toto v1 statement with the file as its one subject', () => {
    const statement = JSON.parse(
      inTotoStatement(
        { name: 'app.tar.gz', sha256Hex: 'ab'.repeat(32) },
        { predicateType: 'urn:x:y', predicate: { k: 'v' } },
      ).toString('utf8'),
    ) as unknown;
    expect(statement).toEqual({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: 'app.tar.gz', digest: { sha256: 'ab'.repeat(32) } }],
      predicateType: 'urn:x:y',
      predicate: { k: 'v' },
    });
  });
});

describe('sameAttestation', () => {
  const provenance = (attempt: number, commit = 'abc'): unknown => ({
    predicateType: SLSA_PROVENANCE_V1,
    predicate: {
      buildDefinition: { resolvedDependencies: [{ digest: { gitCommit: commit } }] },
      runDetails: {
        builder: { id: 'b' },
        metadata: { invocationId: `https://github.com/o/r/actions/runs/1/attempts/${attempt}` },
      },
    },
  });

  it('SLSA provenance of a re-run (another attempt) is the same; of another commit, not', () => {
    expect(sameAttestation(provenance(1), provenance(2))).toBe(true);
    expect(sameAttestation(provenance(1), provenance(1, 'def'))).toBe(false);
  });

  it('a custom predicate must be equal as JSON, key order aside', () => {
    const a = { predicateType: 'urn:x', predicate: { a: 1, b: [1, { c: 2 }] } };
    expect(
      sameAttestation(a, { predicateType: 'urn:x', predicate: { b: [1, { c: 2 }], a: 1 } }),
    ).toBe(true);
    expect(
      sameAttestation(a, { predicateType: 'urn:x', predicate: { a: 2, b: [1, { c: 2 }] } }),
    ).toBe(false);
    expect(sameAttestation(a, { predicateType: 'urn:y', predicate: a.predicate })).toBe(false);
    // Only SLSA provenance ignores the invocation id.
    const custom = (id: string): unknown => ({
      predicateType: 'urn:x',
      predicate: { runDetails: { metadata: { invocationId: id } } },
    });
    expect(sameAttestation(custom('1'), custom('2'))).toBe(false);
  });
});
