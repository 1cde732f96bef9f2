export const id = 554;
export const ids = [554];
export const modules = {

/***/ 13554:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   octokitReleases: () => (/* binding */ octokitReleases)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(57075);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(46466);
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(96823);
/* harmony import */ var _github_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1107);





const PER_PAGE = 100;
const MAX_RELEASE_PAGES = 10;
function octokitReleases(options) {
    const octokit = (0,_actions_github__WEBPACK_IMPORTED_MODULE_3__/* .getOctokit */ .Q)(options.token, { baseUrl: options.apiURL });
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
            throw (0,_github_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .githubError */ .qQ)(err, what, options.repository);
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
                if ((0,_github_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .statusOf */ .c2)(err) !== 404)
                    throw (0,_github_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .githubError */ .qQ)(err, `reading the release ${tag}`, options.repository);
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
            const response = await fetchAsset(options, asset);
            return Buffer.from(await response.arrayBuffer());
        },
        async downloadToFile(asset, file) {
            const response = await fetchAsset(options, asset);
            if (!response.body)
                throw new Error(`no body for ${asset.name}`);
            await (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_2__.pipeline)(node_stream__WEBPACK_IMPORTED_MODULE_1__.Readable.fromWeb(response.body), (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.createWriteStream)(file));
        },
        async updateBody(releaseId, body) {
            await call('editing the release notes', () => octokit.rest.repos.updateRelease({ owner, repo, release_id: releaseId, body }));
        },
    };
}
/**
 * Downloads an asset's bytes through the API (works for drafts and private repositories), streamed:
 * Octokit would buffer a multi-gigabyte asset in memory.
 */
async function fetchAsset(options, asset) {
    const url = `${options.apiURL.replace(/\/+$/, '')}/repos/${options.repository}/releases/assets/${asset.id}`;
    let response;
    try {
        response = await fetch(url, {
            headers: {
                accept: 'application/octet-stream',
                authorization: `Bearer ${options.token}`,
                'x-github-api-version': '2022-11-28',
            },
            redirect: 'follow',
        });
    }
    catch (err) {
        throw new _github_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .GitHubRequestError */ .vK(0, String(err), false, `downloading ${asset.name} failed: ${err.message}`);
    }
    if (!response.ok) {
        const text = await response.text().catch(() => '');
        throw (0,_github_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .githubError */ .qQ)({ status: response.status, message: text }, `downloading ${asset.name}`, options.repository);
    }
    return response;
}


/***/ })

};
