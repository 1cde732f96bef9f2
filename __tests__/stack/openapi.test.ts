// The OpenAPI judge on its own (in process): routing by GitHub's description, and that it catches
// a stand-in's wrong answers, not only a client's wrong requests.
import {
  GitHubSpec,
  type RequestToCheck,
  type ResponseToCheck,
  type SpecOperation,
} from '../../stack/openapi.js';

const SERVED = [
  'repos/create-release',
  'repos/get-release',
  'repos/get-latest-release',
  'repos/get-release-by-tag',
  'repos/delete-release-asset',
  'repos/get-release-asset',
].map((operationId) => ({ operationId, host: 'api' as const }));

describe("GitHub's OpenAPI description as a judge", () => {
  let spec: GitHubSpec;

  beforeAll(async () => {
    spec = await GitHubSpec.load(SERVED);
  });

  function op(
    method: string,
    path: string,
  ): { operation: SpecOperation; params: Record<string, string> } {
    const found = spec.match(method, path);
    if (!('match' in found)) throw new Error(`no served operation for ${method} ${path}`);
    return found.match;
  }

  const release = {
    url: 'http://127.0.0.1:1/api/repos/o/r/releases/1',
    assets_url: 'http://127.0.0.1:1/api/repos/o/r/releases/1/assets',
    upload_url: 'http://127.0.0.1:1/uploads/repos/o/r/releases/1/assets{?name,label}',
    html_url: 'https://github.com/o/r/releases/tag/v1',
    id: 1,
    author: {
      login: 'octocat',
      id: 1,
      node_id: 'MDQ6VXNlcjE=',
      avatar_url: 'https://github.com/images/error/octocat_happy.gif',
      gravatar_id: '',
      url: 'https://api.github.com/users/octocat',
      html_url: 'https://github.com/octocat',
      followers_url: 'https://api.github.com/users/octocat/followers',
      following_url: 'https://api.github.com/users/octocat/following{/other_user}',
      gists_url: 'https://api.github.com/users/octocat/gists{/gist_id}',
      starred_url: 'https://api.github.com/users/octocat/starred{/owner}{/repo}',
      subscriptions_url: 'https://api.github.com/users/octocat/subscriptions',
      organizations_url: 'https://api.github.com/users/octocat/orgs',
      repos_url: 'https://api.github.com/users/octocat/repos',
      events_url: 'https://api.github.com/users/octocat/events{/privacy}',
      received_events_url: 'https://api.github.com/users/octocat/received_events',
      type: 'User',
      site_admin: false,
    },
    node_id: 'MDc6UmVsZWFzZTE=',
    tag_name: 'v1',
    target_commitish: 'main',
    name: null,
    draft: false,
    prerelease: false,
    created_at: '2026-01-01T00:00:00Z',
    published_at: '2026-01-01T00:00:00Z',
    assets: [],
    tarball_url: null,
    zipball_url: null,
    body: null,
  };
  const ok = (
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): ResponseToCheck => ({
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  });

  it('loads in well under a second and routes like GitHub', () => {
    console.log(
      `GitHub OpenAPI description loaded (validators compile on first use) in ${spec.loadMs.toFixed(0)} ms`,
    );
    expect(spec.loadMs).toBeLessThan(1500);
    expect(op('GET', '/repos/o/r/releases/latest').operation.operationId).toBe(
      'repos/get-latest-release',
    );
    expect(op('GET', '/repos/o/r/releases/7').params).toMatchObject({ release_id: '7' });
    expect(op('GET', '/repos/o/r/releases/tags/release/v1').params.tag).toBe('release/v1');
    expect(op('GET', '/repos/o/r/releases/tags/v1%2B2').params.tag).toBe('v1+2');
    expect(spec.match('GET', '/repos/o/r/pulls')).toEqual({
      known: 'pulls/list',
      methods: ['GET', 'POST'],
    });
    expect(spec.match('GET', '/nowhere')).toEqual({ known: undefined, methods: [] });
  });

  it('accepts a conforming answer', () => {
    const { operation } = op('POST', '/repos/o/r/releases');
    expect(spec.checkResponse(operation, ok(201, release, { location: release.url }))).toEqual([]);
  });

  it('catches a stand-in answer that is missing a field, has a wrong type or an extra field', () => {
    const { operation } = op('GET', '/repos/o/r/releases/1');
    const missing: Partial<typeof release> = { ...release };
    delete missing.draft;
    expect(spec.checkResponse(operation, ok(200, missing))).toEqual([
      "200 body: (root) must have required property 'draft'",
    ]);
    expect(spec.checkResponse(operation, ok(200, { ...release, id: '1' }))).toEqual([
      '200 body: /id must be integer',
    ]);
    expect(spec.checkResponse(operation, ok(200, { ...release, created_at: 'yesterday' }))).toEqual(
      ['200 body: /created_at must match format "date-time"'],
    );
    expect(spec.checkResponse(operation, ok(200, { ...release, colour: 'red' }))).toEqual([
      '200 body: (root) has property "colour", which is not in the schema',
    ]);
  });

  it('catches undocumented statuses, wrong content types, bodies where none belong, no Location', () => {
    const asset = op('DELETE', '/repos/o/r/releases/assets/1').operation;
    expect(spec.checkResponse(asset, { status: 200, headers: {}, body: '' })).toEqual([
      '200 status 200 is not a documented response',
    ]);
    expect(spec.checkResponse(asset, ok(204, { deleted: true }))).toEqual([
      '204 status 204 is documented without a body, got 16 bytes',
    ]);
    const get = op('GET', '/repos/o/r/releases/assets/1').operation;
    expect(spec.checkResponse(get, { status: 302, headers: {}, body: '' })).toEqual([
      '302 a 302 response needs a Location header',
    ]);
    const byTag = op('GET', '/repos/o/r/releases/tags/v1').operation;
    expect(
      spec.checkResponse(byTag, {
        status: 200,
        headers: { 'content-type': 'text/plain' },
        body: 'x',
      }),
    ).toEqual(['200 Content-Type text/plain is not one of application/json']);
    // Errors GitHub gives on any operation (401, 403, 422...) must still look like GitHub's.
    expect(spec.checkResponse(byTag, ok(403, { message: 'Forbidden', status: '403' }))).toEqual([]);
    expect(spec.checkResponse(byTag, ok(401, { message: 401 }))).toEqual([
      '401 error body: /message must be string',
    ]);
  });

  it('checks requests: parameters, query, content type and body', () => {
    const create = op('POST', '/repos/o/r/releases');
    const request = (
      body: string,
      headers: Record<string, string> = {},
      query = '',
    ): RequestToCheck => ({
      method: 'POST',
      path: '/repos/o/r/releases',
      query: new URLSearchParams(query),
      headers: { 'content-type': 'application/json', ...headers },
      body: Buffer.from(body),
    });
    expect(
      spec.checkRequest(create.operation, create.params, request('{"tag_name":"v1"}')),
    ).toEqual({
      violations: [],
      reject: undefined,
      json: { tag_name: 'v1' },
    });
    expect(
      spec.checkRequest(
        create.operation,
        create.params,
        request('{"tag_name":"v1","make_latest":"yes"}'),
      ).violations,
    ).toEqual(['body: /make_latest must be equal to one of the allowed values']);
    expect(
      spec.checkRequest(create.operation, create.params, request('{"tag_name":"v1"}', {}, 'x=1'))
        .violations,
    ).toEqual(['query parameter x is not in the operation']);
    expect(spec.checkRequest(create.operation, create.params, request('')).reject).toEqual({
      status: 400,
      message: 'Problems parsing JSON',
    });
  });
});
