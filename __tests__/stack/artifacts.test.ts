// The Actions results service and Azurite, through the REAL @actions/artifact client.
import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getOctokit } from '@actions/github';
import {
  downloadArtifact,
  listArtifactBlobs,
  listArtifacts,
  readArtifactBlob,
  readDownloaded,
  uploadArtifact,
} from '../helpers/artifacts.js';
import { expectNoOpenapiViolations } from '../helpers/github.js';
import { spawnStack, type StackProcess } from '../helpers/stack.js';

const SERVICE = 'github.actions.results.api.v1.ArtifactService';

describe('the artifact service (results service + Azurite)', () => {
  let stack: StackProcess;
  let work: string;
  const files: Record<string, Buffer> = {
    'app.tar.gz': Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 256)),
    'sub/app.tar.gz.sigstore.json': Buffer.from(JSON.stringify({ mediaType: 'bundle', n: 1 })),
  };

  beforeAll(async () => {
    stack = await spawnStack();
    work = await mkdtemp(path.join(tmpdir(), 'artifacts-test-'));
    for (const [name, data] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(work, 'in', name)), { recursive: true });
      await writeFile(path.join(work, 'in', name), data);
    }
  });
  afterAll(async () => {
    await stack.stop();
  });

  function twirp(
    method: string,
    body: unknown,
    token = stack.env.ACTIONS_RUNTIME_TOKEN,
  ): Promise<Response> {
    return fetch(`${stack.env.ACTIONS_RESULTS_URL}twirp/${SERVICE}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
  }

  function backendIds(token: string): { run: string; job: string } {
    const { scp } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as {
      scp: string;
    };
    const [, run, job] = /Actions\.Results:([^:\s]+):([^:\s]+)/.exec(scp) ?? [];
    return { run, job };
  }

  it('round-trips two files byte for byte: upload, list, download', async () => {
    const paths = Object.keys(files).map((f) => path.join(work, 'in', f));
    const uploaded = await uploadArtifact(stack, 'bundles', paths, path.join(work, 'in'));
    expect(uploaded.id).toBeGreaterThan(2 ** 31); // int64 ids, as strings on the wire
    expect(uploaded.size).toBeGreaterThan(0);

    const listed = await listArtifacts(stack);
    expect(listed).toEqual([
      expect.objectContaining({ id: uploaded.id, name: 'bundles', size: uploaded.size }),
    ]);
    expect(listed[0].digest).toBe(`sha256:${uploaded.digest}`);

    const byId = await downloadArtifact(stack, uploaded.id, path.join(work, 'by-id'));
    expect(byId.files).toEqual(Object.keys(files).sort());
    for (const [name, data] of Object.entries(files)) {
      expect((await readDownloaded(byId, name)).equals(data)).toBe(true);
    }
    const byName = await downloadArtifact(stack, 'bundles', path.join(work, 'by-name'));
    expect(byName.files).toEqual(Object.keys(files).sort());
  });

  it('stores the zip in Azurite itself, under the digest the client reported', async () => {
    const blob = await readArtifactBlob(stack, 'bundles');
    expect(blob.blobName).toMatch(/^[0-9a-f-]{36}\/[0-9a-f-]{36}\/artifacts\/[0-9a-f]{64}$/);
    expect(blob.contentType).toBe('application/zip');
    expect(blob.data.subarray(0, 2).toString()).toBe('PK');
    const [artifact] = await listArtifacts(stack);
    expect(blob.data.length).toBe(artifact.size);
    expect(artifact.digest).toBe(blob.digest);
  });

  it('refuses a second artifact with the same name in the run (409 already_exists)', async () => {
    const file = path.join(work, 'in', 'app.tar.gz');
    await expect(uploadArtifact(stack, 'bundles', [file], path.join(work, 'in'))).rejects.toThrow(
      /409.*an artifact with this name already exists on the workflow run/,
    );
    const { run, job } = backendIds(stack.env.ACTIONS_RUNTIME_TOKEN);
    const res = await twirp('CreateArtifact', {
      workflow_run_backend_id: run,
      workflow_job_run_backend_id: job,
      name: 'bundles',
      version: 7,
    });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({
      code: 'already_exists',
      msg: 'an artifact with this name already exists on the workflow run',
    });
  });

  it('serves another job of the run (a matrix leg) with its own runtime token', async () => {
    const leg = await stack.newJobToken();
    expect(backendIds(leg).run).toBe(backendIds(stack.env.ACTIONS_RUNTIME_TOKEN).run);
    expect(backendIds(leg).job).not.toBe(backendIds(stack.env.ACTIONS_RUNTIME_TOKEN).job);

    const file = path.join(work, 'in', 'sub', 'app.tar.gz.sigstore.json');
    const uploaded = await uploadArtifact(stack, 'ignored', [file], path.dirname(file), {
      runtimeToken: leg,
      skipArchive: true,
    });
    expect(uploaded.name).toBe('app.tar.gz.sigstore.json');

    // Both jobs see the run's artifacts; the first job downloads the leg's unzipped file by name.
    const names = (await listArtifacts(stack)).map((a) => a.name).sort();
    expect(names).toEqual(['app.tar.gz.sigstore.json', 'bundles']);
    expect((await listArtifacts(stack, { runtimeToken: leg })).length).toBe(2);
    const got = await downloadArtifact(stack, uploaded.id, path.join(work, 'leg'));
    expect(got.files).toEqual(['app.tar.gz.sigstore.json']);
    expect(
      (await readDownloaded(got, 'app.tar.gz.sigstore.json')).equals(
        files['sub/app.tar.gz.sigstore.json'],
      ),
    ).toBe(true);
    expect((await readArtifactBlob(stack, 'app.tar.gz.sigstore.json')).contentType).toBe(
      'application/json',
    );
  });

  it('refuses a runtime token it did not issue, and one used for another job', async () => {
    const { run, job } = backendIds(stack.env.ACTIONS_RUNTIME_TOKEN);
    const [head, payload] = stack.env.ACTIONS_RUNTIME_TOKEN.split('.');
    const forged = `${head}.${payload}.${Buffer.from('not the signature').toString('base64url')}`;
    const file = path.join(work, 'in', 'app.tar.gz');
    await expect(
      uploadArtifact(stack, 'forged', [file], path.join(work, 'in'), { runtimeToken: forged }),
    ).rejects.toThrow(/401/);

    const list = { workflow_run_backend_id: run, workflow_job_run_backend_id: job };
    expect((await twirp('ListArtifacts', list, 'not-a-jwt')).status).toBe(401);
    const res = await twirp('ListArtifacts', list, await stack.newJobToken());
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'permission_denied' });
    expect((await twirp('ListArtifacts', list)).status).toBe(200);
  });

  it('answers Twirp errors for bad routes and bodies without retrying clients (4xx)', async () => {
    const { run, job } = backendIds(stack.env.ACTIONS_RUNTIME_TOKEN);
    expect((await twirp('NoSuchMethod', {})).status).toBe(404);
    const unknownField = await twirp('ListArtifacts', {
      workflow_run_backend_id: run,
      workflow_job_run_backend_id: job,
      colour: 'red',
    });
    expect(unknownField.status).toBe(400);
    expect(await unknownField.json()).toMatchObject({ code: 'malformed' });
    const finalizeMissing = await twirp('FinalizeArtifact', {
      workflow_run_backend_id: run,
      workflow_job_run_backend_id: job,
      name: 'never-created',
      size: '1',
    });
    expect(finalizeMissing.status).toBe(404);
  });

  it('finalizes only what is in Azurite, with the declared size', async () => {
    const { run, job } = backendIds(stack.env.ACTIONS_RUNTIME_TOKEN);
    const ids = { workflow_run_backend_id: run, workflow_job_run_backend_id: job };
    const created = (await (
      await twirp('CreateArtifact', { ...ids, name: 'raw', version: 7, mime_type: 'text/plain' })
    ).json()) as { ok: boolean; signed_upload_url: string };
    expect(created.ok).toBe(true);
    // Azurite's path-style URL behind the stack's /blob route (counted, delayed, faulted).
    const sas = new URL(created.signed_upload_url);
    expect(sas.origin).toBe(stack.url);
    expect(sas.pathname).toMatch(/^\/blob\/devstoreaccount1\/actions-results\//);
    expect(sas.searchParams.get('sp')).toBe('cw');

    // Nothing uploaded yet: finalizing a size is refused.
    const early = await twirp('FinalizeArtifact', { ...ids, name: 'raw', size: '5' });
    expect(early.status).toBe(400);
    const put = await fetch(created.signed_upload_url, {
      method: 'PUT',
      headers: { 'x-ms-blob-type': 'BlockBlob', 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(put.status).toBe(201);
    const hash = `sha256:${createHash('sha256').update('hello').digest('hex')}`;
    const done = await twirp('FinalizeArtifact', { ...ids, name: 'raw', size: '5', hash });
    const finalized = (await done.json()) as { ok: boolean; artifact_id: string };
    expect(finalized.ok).toBe(true);
    expect(finalized.artifact_id).toMatch(/^\d+$/);

    const signed = (await (
      await twirp('GetSignedArtifactURL', { ...ids, name: 'raw' })
    ).json()) as {
      signed_url: string;
    };
    const read = await fetch(signed.signed_url);
    expect(await read.text()).toBe('hello');
    expect(read.headers.get('content-disposition')).toContain(`filename="raw"`);
    // A read SAS cannot write.
    const write = await fetch(signed.signed_url, {
      method: 'PUT',
      headers: { 'x-ms-blob-type': 'BlockBlob' },
      body: 'evil',
    });
    expect(write.status).toBe(403);

    const deleted = await twirp('DeleteArtifact', { ...ids, name: 'raw' });
    expect(deleted.status).toBe(200);
    expect((await listArtifactBlobs(stack)).some((b) => b.endsWith(sha256Hex('raw')))).toBe(false);
  });

  it('shows the run artifacts on the REST API, with a 302 to the blob', async () => {
    const octokit = getOctokit(stack.env.STACK_GITHUB_TOKEN, {
      baseUrl: stack.env.GITHUB_API_URL,
    });
    const [owner, repo] = stack.env.GITHUB_REPOSITORY.split('/');
    const { data } = await octokit.rest.actions.listWorkflowRunArtifacts({
      owner,
      repo,
      run_id: Number(stack.env.GITHUB_RUN_ID),
    });
    expect(data.total_count).toBe(2);
    const bundles = data.artifacts.find((a) => a.name === 'bundles');
    expect(bundles?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const zip = await octokit.rest.actions.downloadArtifact({
      owner,
      repo,
      artifact_id: bundles?.id ?? 0,
      archive_format: 'zip',
      request: { redirect: 'manual' },
    });
    expect(zip.status).toBe(302);
    const location = String((zip.headers as Record<string, string>).location);
    const blob = await fetch(location);
    expect(
      createHash('sha256')
        .update(Buffer.from(await blob.arrayBuffer()))
        .digest('hex'),
    ).toBe(bundles?.digest?.slice('sha256:'.length));
    await expectNoOpenapiViolations(stack);
  });
});

function sha256Hex(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}
