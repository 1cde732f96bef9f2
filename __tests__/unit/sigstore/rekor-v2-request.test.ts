// The Rekor v2 request body: always hashedrekord (rekor-tiles refuses anything else since v2.3.0),
// a DSSE envelope logged by the digest of its pre-authentication encoding, as rekor-tiles'
// CLIENTS.md, sigstore-go and sigstore-python do; verifiers accept it (@sigstore/verify's
// compareSignedDigest), which the last test checks with sigstore-js's own DSSE content.
import crypto from 'node:crypto';
import { toDSSEBundle, toMessageSignatureBundle } from '@sigstore/bundle';
import { dsse } from '@sigstore/core';
import { PublicKeyDetails } from '@sigstore/protobuf-specs';
import { ActionError } from '../../../src/errors.js';
import { rekorV2Request } from '../../../src/sigstore/rekor-v2-request.js';
import { selfSignedCertificate } from '../../helpers/certificates.js';

const PAYLOAD_TYPE = 'application/vnd.in-toto+json';

describe('rekorV2Request', () => {
  it('logs a DSSE envelope as a hashedrekord of its pre-authentication encoding', () => {
    const cert = selfSignedCertificate('P-256');
    const payload = Buffer.from('{"_type":"https://in-toto.io/Statement/v1","subject":[]}');
    const pae = dsse.preAuthEncoding(PAYLOAD_TYPE, payload);
    const signature = crypto.sign('sha256', pae, cert.key);
    const bundle = toDSSEBundle({
      artifact: payload,
      artifactType: PAYLOAD_TYPE,
      signature,
      certificate: cert.der,
      certificateChain: false,
    });
    const request = rekorV2Request(bundle.content, cert.pem);
    expect(request.spec?.$case).toBe('hashedRekordRequestV002');
    if (request.spec?.$case !== 'hashedRekordRequestV002') return;
    const hr = request.spec.hashedRekordRequestV002;
    expect(hr.digest).toEqual(crypto.createHash('sha256').update(pae).digest());
    expect(hr.signature?.content).toEqual(signature);
    expect(hr.signature?.verifier?.keyDetails).toBe(PublicKeyDetails.PKIX_ECDSA_P256_SHA_256);
    const verifier = hr.signature?.verifier?.verifier;
    expect(verifier?.$case).toBe('x509Certificate');
    if (verifier?.$case === 'x509Certificate') {
      // DER, as rekor-tiles' x509.ParseCertificate needs.
      expect(verifier.x509Certificate.rawBytes).toEqual(cert.der);
    }
    // The entry's signature verifies over the digest it names: what the log checks.
    expect(crypto.verify('sha256', pae, cert.key, hr.signature!.content)).toBe(true);
  });

  it('logs a message signature by its digest, with key details from the certificate', () => {
    const cert = selfSignedCertificate('P-384');
    const artifact = Buffer.from('artifact');
    const digest = crypto.createHash('sha384').update(artifact).digest();
    const bundle = toMessageSignatureBundle({
      digest,
      signature: crypto.sign('sha384', artifact, cert.key),
      certificate: cert.der,
      certificateChain: false,
    });
    const request = rekorV2Request(bundle.content, cert.pem);
    if (request.spec?.$case !== 'hashedRekordRequestV002') throw new Error('not hashedrekord');
    expect(request.spec.hashedRekordRequestV002.digest).toEqual(digest);
    expect(request.spec.hashedRekordRequestV002.signature?.verifier?.keyDetails).toBe(
      PublicKeyDetails.PKIX_ECDSA_P384_SHA_384,
    );
  });

  it('refuses a digest that does not fit the key (the log would refuse it)', () => {
    const cert = selfSignedCertificate('P-384');
    const bundle = toMessageSignatureBundle({
      digest: crypto.createHash('sha256').update('x').digest(),
      signature: Buffer.from('sig'),
      certificate: cert.der,
      certificateChain: false,
    });
    expect(() => rekorV2Request(bundle.content, cert.pem)).toThrow(ActionError);
  });
});
