import { X509Certificate as NodeX509 } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { X509Certificate } from '@sigstore/core';
import { spawnStack, type StackProcess } from '../helpers/stack.js';
import { leafPem, requestCertificate } from './fixtures.js';

const FULCIO_OID = '1.3.6.1.4.1.57264.1';
const WORKFLOW_REF = 'octo-org/octo-repo/.github/workflows/release.yml@refs/tags/v1.2.3';

describe('Fulcio', () => {
  let stack: StackProcess;

  beforeAll(async () => {
    stack = await spawnStack();
  });
  afterAll(async () => {
    await stack.stop();
  });

  // sigstore/fulcio eb10c98e186f1d8e78dd60a257d8897f66d5147a pkg/server/grpc_server.go: every
  // token failure is codes.InvalidArgument (HTTP 400) with pkg/server/error.go's generic
  // invalidIdentityToken; the reason goes to Fulcio's log only.
  describe('refuses, as Fulcio does (400, code 3, the generic message, no reason),', () => {
    const TOKEN_ERROR = {
      code: 3,
      message: 'There was an error processing the identity token',
      details: [],
    };

    it('a token signed by a key that is not in the JWKS', async () => {
      const result = await requestCertificate(stack, await stack.mintToken({ untrustedKey: true }));
      expect(result.status).toBe(400);
      expect(result.body).toEqual(TOKEN_ERROR);
    });

    it('a token from another issuer', async () => {
      const token = await stack.mintToken({ claims: { iss: 'https://accounts.example.com' } });
      const result = await requestCertificate(stack, token);
      expect(result.status).toBe(400);
      expect(result.body).toEqual(TOKEN_ERROR);
    });

    it('a token for another audience', async () => {
      const result = await requestCertificate(
        stack,
        await stack.mintToken({ audience: 'not-sigstore' }),
      );
      expect(result.status).toBe(400);
      expect(result.body).toEqual(TOKEN_ERROR);
    });

    it('an expired token', async () => {
      const result = await requestCertificate(
        stack,
        await stack.mintToken({ expiresInSeconds: -60 }),
      );
      expect(result.status).toBe(400);
      expect(result.body).toEqual(TOKEN_ERROR);
    });

    it('a token without the claims Fulcio maps to extensions', async () => {
      const result = await requestCertificate(
        stack,
        await stack.mintToken({ claims: { job_workflow_ref: null } }),
      );
      expect(result.status).toBe(400);
      expect(result.body).toEqual(TOKEN_ERROR);
    });

    it('a proof of possession that is not a signature over the token subject (invalidSignature)', async () => {
      const token = await stack.mintToken();
      const result = await requestCertificate(stack, token, {
        proveOver: 'repo:octo-org/octo-repo:ref:refs/heads/main',
      });
      expect(result.status).toBe(400);
      expect(result.body).toEqual({
        code: 3,
        message: 'The signature supplied in the request could not be verified',
        details: [],
      });
    });

    it("a request that is not JSON, with Go's encoding/json error (grpc-gateway decodeJSONPb)", async () => {
      const res = await fetch(`${stack.url}/fulcio/api/v2/signingCert`, {
        method: 'POST',
        body: 'nope',
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        code: 3,
        message: "invalid character 'o' in literal null (expecting 'u')",
        details: [],
      });
    });
  });

  describe('for an ambient token', () => {
    let leaf: X509Certificate;
    let nodeLeaf: NodeX509;
    let chain: string[];

    beforeAll(async () => {
      const res = await fetch(`${stack.env.ACTIONS_ID_TOKEN_REQUEST_URL}&audience=sigstore`, {
        headers: { Authorization: `Bearer ${stack.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` },
      });
      const { value } = (await res.json()) as { value: string };
      const result = await requestCertificate(stack, value);
      expect(result.status).toBe(200);
      chain = result.body.signedCertificateEmbeddedSct?.chain.certificates ?? [];
      leaf = X509Certificate.parse(leafPem(result));
      nodeLeaf = new NodeX509(leafPem(result));
    });

    it('returns leaf, intermediate and root, chaining to the root in trusted_root.json', async () => {
      expect(chain).toHaveLength(3);
      const [l, intermediate, root] = chain.map((pem) => new NodeX509(pem));
      expect(l.verify(intermediate.publicKey)).toBe(true);
      expect(intermediate.verify(root.publicKey)).toBe(true);
      expect(root.verify(root.publicKey)).toBe(true);
      expect(intermediate.ca && root.ca).toBe(true);
      const trusted = JSON.parse(await readFile(stack.env.STACK_TRUSTED_ROOT, 'utf8')) as {
        certificateAuthorities: { certChain: { certificates: { rawBytes: string }[] } }[];
      };
      const trustedCerts = trusted.certificateAuthorities[0].certChain.certificates.map(
        (c) => c.rawBytes,
      );
      expect(trustedCerts).toEqual([
        intermediate.raw.toString('base64'),
        root.raw.toString('base64'),
      ]);
    });

    it('has the GitHub SAN, code signing EKU, 600 s validity and a random serial', async () => {
      expect(leaf.subjectAltName).toBe(`https://github.com/${WORKFLOW_REF}`);
      expect(leaf.subjectAltName).toBe(stack.env.STACK_IDENTITY);
      expect(nodeLeaf.keyUsage).toEqual(['1.3.6.1.5.5.7.3.3']);
      expect(leaf.notAfter.getTime() - leaf.notBefore.getTime()).toBe(600_000);
      const again = X509Certificate.parse(
        leafPem(await requestCertificate(stack, await stack.mintToken())),
      );
      expect(again.serialNumber.equals(leaf.serialNumber)).toBe(false);
    });

    it('embeds one SCT from the CT log in trusted_root.json', async () => {
      const scts = leaf.extSCT?.signedCertificateTimestamps ?? [];
      expect(scts).toHaveLength(1);
      const trusted = JSON.parse(await readFile(stack.env.STACK_TRUSTED_ROOT, 'utf8')) as {
        ctlogs: { logId: { keyId: string } }[];
      };
      expect(scts[0].logID.toString('base64')).toBe(trusted.ctlogs[0].logId.keyId);
    });

    it('carries the GitHub claims in the Fulcio extensions, as Fulcio maps them', () => {
      const raw = (n: number): string | undefined =>
        leaf.extension(`${FULCIO_OID}.${n}`)?.value.toString('utf8');
      const utf8 = (n: number): string | undefined => {
        const ext = leaf.extension(`${FULCIO_OID}.${n}`);
        expect(ext?.value[0]).toBe(0x0c); // DER UTF8String
        return ext?.valueObj.subs[0].value.toString('utf8');
      };
      const env = stack.env;
      expect(raw(1)).toBe('https://token.actions.githubusercontent.com');
      expect(raw(2)).toBe('push');
      expect(raw(3)).toBe(env.GITHUB_SHA);
      expect(raw(4)).toBe('Release');
      expect(raw(5)).toBe('octo-org/octo-repo');
      expect(raw(6)).toBe('refs/tags/v1.2.3');
      expect(utf8(8)).toBe('https://token.actions.githubusercontent.com');
      expect(utf8(9)).toBe(`https://github.com/${WORKFLOW_REF}`);
      expect(utf8(10)).toBe(env.GITHUB_WORKFLOW_SHA);
      expect(utf8(11)).toBe('github-hosted');
      expect(utf8(12)).toBe('https://github.com/octo-org/octo-repo');
      expect(utf8(13)).toBe(env.GITHUB_SHA);
      expect(utf8(14)).toBe('refs/tags/v1.2.3');
      expect(utf8(15)).toBe(env.GITHUB_REPOSITORY_ID);
      expect(utf8(16)).toBe('https://github.com/octo-org');
      expect(utf8(17)).toBe(env.GITHUB_REPOSITORY_OWNER_ID);
      expect(utf8(18)).toBe(`https://github.com/${WORKFLOW_REF}`);
      expect(utf8(19)).toBe(env.GITHUB_WORKFLOW_SHA);
      expect(utf8(20)).toBe('push');
      expect(utf8(21)).toBe(
        `https://github.com/octo-org/octo-repo/actions/runs/${env.GITHUB_RUN_ID}/attempts/${env.GITHUB_RUN_ATTEMPT}`,
      );
      expect(utf8(22)).toBe('public');
    });
  });
});
