export const id = 371;
export const ids = [371];
export const modules = {

/***/ 12371:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  octokitReleases: () => (/* binding */ octokitReleases)
});

// UNUSED EXPORTS: AssetTooLarge

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
// EXTERNAL MODULE: external "node:stream/promises"
var promises_ = __webpack_require__(46466);
// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js
var github = __webpack_require__(61351);
// EXTERNAL MODULE: ./build/errors.js
var errors = __webpack_require__(19473);
// EXTERNAL MODULE: ./build/net/outbound.js + 1 modules
var outbound = __webpack_require__(83494);
// EXTERNAL MODULE: ./build/verify/bundle-json.js
var bundle_json = __webpack_require__(25705);
// EXTERNAL MODULE: ./build/publish/github-errors.js
var github_errors = __webpack_require__(56025);
// EXTERNAL MODULE: ./build/net/retry.js
var retry = __webpack_require__(62426);
;// CONCATENATED MODULE: ./build/publish/github-retry.js


/** GitHub API calls are small; an upload of a bundle is too. */
const GITHUB_TIMEOUT_MS = 30_000;
/**
 * Every GitHub API request of the action under the run's retry policy and deadline, through
 * Octokit's own extension point (a request hook). @actions/github's client retries nothing;
 * @octokit/plugin-retry would not know the run's deadline or share its counters. A retried
 * upload whose first attempt did land gets 422 already_exists, which attach.ts handles.
 */
function retryGitHubRequests(octokit, network) {
    const counters = network.stats.for('GitHub');
    const policy = { ...network.policy, timeoutMs: GITHUB_TIMEOUT_MS };
    octokit.hook.wrap('request', (request, options) => (0,retry/* withRetries */.LH)({
        service: 'GitHub',
        errorCode: 'GITHUB_FAILED',
        what: `${options.method} ${options.url}`,
        policy,
        deadline: network.deadline,
        counters,
    }, async (timeoutMs) => {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), timeoutMs);
        // Set on the options object itself: a copy passed to `request` is not what Octokit's
        // fetch receives (measured: a request with a signal in a copy hung past it).
        options.request.signal = controller.signal;
        try {
            return await request(options);
        }
        catch (err) {
            return classify(err);
        }
        finally {
            clearTimeout(timer);
        }
    }));
}
/** Octokit's RequestError: retry 408/429/5xx (and secondary rate limits), keep the rest. */
function classify(err) {
    const status = (0,github_errors/* statusOf */.c2)(err);
    const headers = err.response?.headers ??
        {};
    const retryAfterMs = (0,retry/* parseRetryAfter */.mu)(headers['retry-after'] ?? null);
    // GitHub's secondary rate limit is a 403 with Retry-After; other 403s are permissions.
    const rateLimited = status === 403 && retryAfterMs !== undefined;
    const message = err instanceof Error ? err.message : String(err);
    return {
        failed: true,
        reason: status === undefined ? 'network' : String(status),
        detail: status === undefined ? `network error: ${message}` : `HTTP ${status}: ${message}`,
        retryable: status === undefined || (0,retry/* isRetryableStatus */.PS)(status) || rateLimited,
        retryAfterMs,
        error: err,
    };
}

;// CONCATENATED MODULE: ./build/publish/releases.js









const PER_PAGE = 100;
const MAX_RELEASE_PAGES = 10;
function octokitReleases(options) {
    const octokit = (0,github/* getOctokit */.Q)(options.token, {
        baseUrl: options.apiURL,
        userAgent: outbound/* USER_AGENT */._,
        // Instead of @actions/github's fetch, whose proxy is decided once, for GITHUB_API_URL: the
        // upload host (uploads.github.com) and redirect targets get their own decision (no_proxy).
        request: { fetch: outbound/* outboundFetch */.n },
    });
    if (options.network)
        retryGitHubRequests(octokit, options.network);
    const [owner, repo] = options.repository.split('/');
    const toRelease = (r) => ({
        id: r.id,
        tagName: r.tag_name,
        draft: r.draft,
        immutable: r.immutable === true,
        body: r.body ?? '',
        uploadURL: r.upload_url,
        htmlURL: r.html_url,
    });
    const toAsset = (a) => ({ id: a.id, name: a.name, size: a.size });
    const call = async (what, request) => {
        try {
            return await request();
        }
        catch (err) {
            throw (0,github_errors/* githubError */.qQ)(err, what, options.repository);
        }
    };
    return {
        repository: options.repository,
        async findByTag(tag) {
            try {
                const { data } = await octokit.rest.repos.getReleaseByTag({ owner, repo, tag });
                return toRelease(data);
            }
            catch (err) {
                if ((0,github_errors/* statusOf */.c2)(err) !== 404)
                    throw (0,github_errors/* githubError */.qQ)(err, `reading the release ${tag}`, options.repository);
            }
            // Drafts have no tag yet as far as GitHub's by-tag lookup is concerned: list them.
            for (let page = 1; page <= MAX_RELEASE_PAGES; page++) {
                const { data } = await call(`listing the releases`, () => octokit.rest.repos.listReleases({ owner, repo, per_page: PER_PAGE, page }));
                const draft = data.find((r) => r.tag_name === tag);
                if (draft)
                    return toRelease(draft);
                if (data.length < PER_PAGE)
                    break;
            }
            return undefined;
        },
        async get(releaseId) {
            const { data } = await call('reading the release', () => octokit.rest.repos.getRelease({ owner, repo, release_id: releaseId }));
            return toRelease(data);
        },
        async listAssets(releaseId) {
            const assets = await call('listing the release assets', () => octokit.paginate(octokit.rest.repos.listReleaseAssets, {
                owner,
                repo,
                release_id: releaseId,
                per_page: PER_PAGE,
            }));
            return assets.map(toAsset);
        },
        async upload(release, name, data, contentType) {
            const { data: asset } = await call(`uploading ${name}`, () => octokit.rest.repos.uploadReleaseAsset({
                owner,
                repo,
                release_id: release.id,
                name,
                // The release's own upload_url: Octokit's default host is uploads.github.com.
                url: release.uploadURL,
                // A Buffer; no explicit content-length (Node 24's fetch rejects one it did not compute).
                data: data,
                headers: { 'content-type': contentType },
            }));
            return toAsset(asset);
        },
        async deleteAsset(asset) {
            await call(`deleting ${asset.name}`, () => octokit.rest.repos.deleteReleaseAsset({ owner, repo, asset_id: asset.id }));
        },
        async download(asset) {
            checkListedSize(asset, bundle_json/* MAX_BUNDLE_BYTES */.Me);
            const response = await fetchAsset(options, asset);
            const chunks = [];
            await (0,promises_.pipeline)(bodyOf(response, asset), byteLimit(asset, bundle_json/* MAX_BUNDLE_BYTES */.Me), async (source) => {
                for await (const chunk of source)
                    chunks.push(chunk);
            });
            return Buffer.concat(chunks);
        },
        async downloadToFile(asset, file, maxBytes) {
            if (maxBytes !== undefined)
                checkListedSize(asset, maxBytes);
            const response = await fetchAsset(options, asset);
            await (0,promises_.pipeline)(bodyOf(response, asset), byteLimit(asset, maxBytes ?? Infinity), (0,external_node_fs_.createWriteStream)(file));
        },
        async updateBody(releaseId, body) {
            await call('editing the release notes', () => octokit.rest.repos.updateRelease({ owner, repo, release_id: releaseId, body }));
        },
    };
}
/** An asset too large for what it is named (a bundle): not downloaded, or not past the limit. */
class AssetTooLarge extends errors/* ActionError */.lZ {
    asset;
    maxBytes;
    constructor(asset, maxBytes) {
        super('BUNDLE_MALFORMED', `the release asset ${(0,errors/* printable */.g$)(asset.name)} is ${asset.size > maxBytes ? `${asset.size} bytes` : `over ${maxBytes} bytes`}, far too large for a Sigstore bundle (a few kilobytes); it was not downloaded past ${maxBytes} bytes: check that it is the bundle, not the signed file itself`);
        this.asset = asset;
        this.maxBytes = maxBytes;
    }
}
function checkListedSize(asset, maxBytes) {
    if (asset.size > maxBytes)
        throw new AssetTooLarge(asset, maxBytes);
}
function bodyOf(response, asset) {
    if (!response.body)
        throw new Error(`no body for ${asset.name}`);
    return external_node_stream_.Readable.fromWeb(response.body);
}
/** Passes bytes on until there are more than `maxBytes`: then stops the download. */
function byteLimit(asset, maxBytes) {
    let bytes = 0;
    return new external_node_stream_.Transform({
        transform(chunk, _encoding, done) {
            bytes += chunk.length;
            if (bytes > maxBytes)
                done(new AssetTooLarge(asset, maxBytes));
            else
                done(null, chunk);
        },
    });
}
/**
 * Downloads an asset's bytes through the API (works for drafts and private repositories), streamed:
 * Octokit would buffer a multi-gigabyte asset in memory.
 */
async function fetchAsset(options, asset) {
    const url = `${options.apiURL.replace(/\/+$/, '')}/repos/${options.repository}/releases/assets/${asset.id}`;
    let response;
    try {
        response = await (0,outbound/* outboundFetch */.n)(url, {
            headers: {
                accept: 'application/octet-stream',
                authorization: `Bearer ${options.token}`,
                'x-github-api-version': '2022-11-28',
            },
            redirect: 'follow',
        });
    }
    catch (err) {
        throw new github_errors/* GitHubRequestError */.vK(0, String(err), false, `downloading ${asset.name} failed: ${err.message}`);
    }
    if (!response.ok) {
        const text = await response.text().catch(() => '');
        throw (0,github_errors/* githubError */.qQ)({ status: response.status, message: text }, `downloading ${asset.name}`, options.repository);
    }
    return response;
}


/***/ })

};
