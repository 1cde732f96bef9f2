export const id = 354;
export const ids = [354];
export const modules = {

/***/ 80354:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runAction: () => (/* binding */ runAction)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 13 modules
var core = __webpack_require__(77094);
// EXTERNAL MODULE: ./build/errors.js
var errors = __webpack_require__(19473);
// EXTERNAL MODULE: ./build/publish/artifact-name.js
var artifact_name = __webpack_require__(76962);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: ./node_modules/@actions/glob/lib/glob.js + 9 modules
var glob = __webpack_require__(23860);
// EXTERNAL MODULE: ./build/plan/patterns.js
var patterns = __webpack_require__(39475);
;// CONCATENATED MODULE: ./build/plan/files.js





/**
 * Expands include patterns into the files they name, minus the `!` excludes, in a stable order.
 * Every include must match at least one file: a pattern that matches nothing is almost always
 * a typo or a build step that did not run, and signing "nothing" silently hides it.
 */
async function expandInputPatterns(patterns, options) {
    const includes = patterns.filter((p) => !p.exclude);
    const excludes = patterns.filter((p) => p.exclude);
    if (includes.length === 0) {
        throw new errors/* ActionError */.lZ('INPUT_INVALID', patterns.length === 0
            ? 'inputs is empty: name the files to sign, e.g. `inputs: dist/*`.'
            : 'inputs has only exclude patterns ("!..."): add the files to include, e.g. `dist/*`.');
    }
    const excludeLines = excludes.map((p) => `!${absoluteGlob(p, options.baseDir)}`);
    const workspace = await realWorkspace(options.baseDir);
    const found = new Map();
    const problems = [];
    for (const include of includes) {
        try {
            const files = include.isGlob
                ? await expandGlob(include, excludeLines, options)
                : await resolveLiteral(include, excludeLines, options.baseDir);
            for (const file of files) {
                await checkInsideWorkspace(file, include, options.baseDir, workspace);
                found.set(file, { path: file, displayPath: displayPath(file, options.baseDir) });
            }
        }
        catch (err) {
            if (err instanceof errors/* ActionError */.lZ)
                problems.push(err);
            else
                throw err;
        }
    }
    if (problems.length === 1)
        throw problems[0];
    if (problems.length > 1) {
        throw new errors/* AggregateActionError */.Gs(problems[0].code, `inputs: ${problems.length} patterns could not be used:`, problems);
    }
    return [...found.values()].sort((a, b) => compare(a.path, b.path));
}
async function expandGlob(include, excludeLines, options) {
    const globber = await glob/* create */.v([absoluteGlob(include, options.baseDir), ...excludeLines].join('\n'), { matchDirectories: false, implicitDescendants: false, followSymbolicLinks: true });
    const matches = await globber.glob();
    const files = matches.filter((f) => !options.skipGlobMatch?.(f));
    if (files.length > 0) {
        for (const file of files) {
            // A FIFO or socket matched by a glob would block or fail mid-run: refuse it now.
            if (!(await external_node_fs_.promises.stat(file)).isFile()) {
                throw notRegular(`${displayPath(file, options.baseDir)} (matched by "${include.source}")`);
            }
        }
        return files;
    }
    const reason = matches.length > 0
        ? `matches only existing bundles (${matches.length})`
        : excludeLines.length > 0 && (await matchesAnything(include, options.baseDir))
            ? 'matches only files that the "!" patterns exclude'
            : `matches no file under ${options.baseDir}`;
    throw new errors/* ActionError */.lZ('PATTERN_NO_MATCH', `inputs: the pattern "${include.source}" ${reason}. Check the path and that the step that builds these files ran before this one.`);
}
async function matchesAnything(include, baseDir) {
    const globber = await glob/* create */.v(absoluteGlob(include, baseDir), {
        matchDirectories: false,
        implicitDescendants: false,
    });
    for await (const _ of globber.globGenerator())
        return true;
    return false;
}
async function resolveLiteral(include, excludeLines, baseDir) {
    const file = external_node_path_.resolve(baseDir, include.pattern);
    let stat;
    try {
        stat = await external_node_fs_.promises.stat(file);
    }
    catch (err) {
        const code = err.code;
        if (code === 'ENOENT' || code === 'ENOTDIR') {
            throw new errors/* ActionError */.lZ('PATH_NOT_FOUND', `inputs: "${include.source}" does not exist (looked for ${file}). Check the path and that the step that builds it ran before this one.`);
        }
        throw new errors/* ActionError */.lZ('FILE_UNREADABLE', `inputs: "${include.source}" cannot be read (${code ?? String(err)}).`);
    }
    if (stat.isDirectory()) {
        const example = include.pattern.replace(/\/+$/, '');
        throw new errors/* ActionError */.lZ('PATH_IS_DIRECTORY', `inputs: "${include.source}" is a directory; name the files in it instead, e.g. "${example}/*" or "${example}/**".`);
    }
    if (!stat.isFile())
        throw notRegular(`"${include.source}"`);
    if (excludeLines.length > 0) {
        // A literal path can still be excluded by a "!" glob (e.g. `dist/a dist/b !dist/b`).
        const globber = await glob/* create */.v([(0,patterns/* escapeGlob */.y)(file), ...excludeLines].join('\n'), {
            matchDirectories: false,
            implicitDescendants: false,
        });
        if ((await globber.glob()).length === 0)
            return [];
    }
    return [file];
}
/** The base directory with its own links resolved; undefined when it cannot be resolved. */
async function realWorkspace(baseDir) {
    try {
        return await external_node_fs_.promises.realpath(baseDir);
    }
    catch {
        return undefined;
    }
}
/**
 * A file named inside the workspace must stay inside it once symbolic links are followed: a
 * checked-out link `dist/app -> /home/runner/.ssh/id_rsa` (or a linked directory matched by
 * `dist/**`) must not get a runner's own files signed, and with upload-signed-files published.
 * A path named outside the workspace is the user's explicit choice and stays allowed.
 */
async function checkInsideWorkspace(file, include, baseDir, workspace) {
    const real = await linkTargetOutside(file, baseDir, workspace);
    if (real === undefined)
        return;
    const shown = displayPath(file, baseDir);
    throw new errors/* ActionError */.lZ('PATH_OUTSIDE_WORKSPACE', include.isGlob
        ? `inputs: ${shown} (matched by "${include.source}") leads through a symbolic link to ${real}, outside the workspace (${baseDir}); exclude it with "!", copy the file into the workspace, or name its real path in inputs if you mean it.`
        : `inputs: "${include.source}" leads through a symbolic link to ${real}, outside the workspace (${baseDir}); copy the file into the workspace, or name its real path in inputs if you mean it.`);
}
/**
 * The same rule for a file the action finds by itself (a bundle beside its file, in
 * bundle-directory, or named by the bundle input): inside the workspace, it must stay inside
 * once links are followed. A pull request can check in `app.sigstore.json -> /proc/self/environ`;
 * verify mode must not read the runner's files as if they were bundles.
 */
async function checkStaysInWorkspace(file, baseDir, describe) {
    const real = await linkTargetOutside(file, baseDir, await realWorkspace(baseDir));
    if (real !== undefined)
        throw new errors/* ActionError */.lZ('PATH_OUTSIDE_WORKSPACE', describe(real));
}
/** Where a path inside the workspace really leads, when that is outside it; else undefined. */
async function linkTargetOutside(file, baseDir, workspace) {
    if (!workspace || !isInside(file, external_node_path_.resolve(baseDir)))
        return undefined;
    let real;
    try {
        real = await external_node_fs_.promises.realpath(file);
    }
    catch {
        return undefined; // reported when the file is read
    }
    return isInside(real, workspace) ? undefined : real;
}
function isInside(file, dir) {
    const relative = external_node_path_.relative(dir, file);
    return relative !== '..' && !relative.startsWith(`..${external_node_path_.sep}`) && !external_node_path_.isAbsolute(relative);
}
function notRegular(what) {
    return new errors/* ActionError */.lZ('FILE_UNREADABLE', `inputs: ${what} is not a regular file (a device, socket or pipe cannot be signed); exclude it with "!".`);
}
/** The pattern as an absolute glob: the base directory's own glob characters escaped. */
function absoluteGlob(pattern, baseDir) {
    const text = pattern.isGlob ? pattern.pattern : (0,patterns/* escapeGlob */.y)(pattern.pattern);
    if (external_node_path_.isAbsolute(text) || text.startsWith('~'))
        return text;
    return `${(0,patterns/* escapeGlob */.y)(baseDir)}/${text}`;
}
/** A path relative to the base directory when inside it, else absolute. */
function displayPath(file, baseDir) {
    const relative = external_node_path_.relative(baseDir, file);
    return relative && !relative.startsWith('..') && !external_node_path_.isAbsolute(relative) ? relative : file;
}
function compare(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}

;// CONCATENATED MODULE: ./build/plan/sign-plan.js




const BUNDLE_SUFFIX = '.sigstore.json';
/** An in-toto attestation's bundle: `<file>.intoto.sigstore.json` (a DSSE envelope inside). */
const ATTESTATION_SUFFIX = '.intoto.sigstore.json';
/** sigstore-python's older bundle name, still accepted by verifiers. */
const LEGACY_BUNDLE_SUFFIX = '.sigstore';
function isBundlePath(file) {
    return file.endsWith(BUNDLE_SUFFIX) || file.endsWith(LEGACY_BUNDLE_SUFFIX);
}
/**
 * Decides where each bundle goes and checks, before anything is signed, that every bundle can
 * be written: nothing is signed when one bundle would be refused, so a failed plan writes nothing.
 */
async function planSigning(files, options) {
    const bundleDir = options.bundleDirectory
        ? external_node_path_.resolve(options.baseDir, options.bundleDirectory)
        : undefined;
    if (bundleDir)
        await checkBundleDirectory(bundleDir, options.bundleDirectory);
    const suffix = options.bundleSuffix ?? BUNDLE_SUFFIX;
    const names = bundleDir ? flatBundleNames(files, options.baseDir, suffix) : undefined;
    const targets = files.map((file, i) => {
        const bundlePath = bundleDir ? external_node_path_.join(bundleDir, names[i]) : file.path + suffix;
        return { ...file, bundlePath, bundleDisplayPath: displayPath(bundlePath, options.baseDir) };
    });
    const inputs = new Set(files.map((f) => f.path));
    const problems = [];
    for (const target of targets) {
        if (inputs.has(target.bundlePath)) {
            problems.push(new errors/* ActionError */.lZ('BUNDLE_NAME_CONFLICT', `${target.displayPath}: its bundle ${target.bundleDisplayPath} is also an input; remove one of them from inputs.`));
        }
        else if (await isDirectory(target.bundlePath)) {
            // Not even overwrite can replace a directory with a bundle: refuse it before signing.
            problems.push(new errors/* ActionError */.lZ('BUNDLE_NAME_CONFLICT', `${target.displayPath}: its bundle path ${target.bundleDisplayPath} is a directory; rename or remove that directory, or set bundle-directory to write the bundles elsewhere.`));
        }
        else if (!options.overwrite && (await exists(target.bundlePath))) {
            problems.push(new errors/* ActionError */.lZ('BUNDLE_EXISTS', target.bundlePath.endsWith(ATTESTATION_SUFFIX)
                ? `${target.displayPath}: the attestation ${target.bundleDisplayPath} already exists (one statement per file and bundle name; an attestation of another predicate type would be replaced); delete it, set overwrite: true to replace it, or set bundle-directory to write this attestation elsewhere.`
                : `${target.displayPath}: the bundle ${target.bundleDisplayPath} already exists; delete it, or set overwrite: true to replace it.`));
        }
    }
    if (problems.length === 1)
        throw problems[0];
    if (problems.length > 1) {
        throw new errors/* AggregateActionError */.Gs(problems[0].code, `${problems.length} bundles cannot be written (nothing was signed):`, problems);
    }
    return targets;
}
/**
 * Bundle file names inside `bundle-directory`: `<name>.sigstore.json`, or, for files that share
 * a name (dist/linux/app and dist/macos/app), their path relative to the workspace with `/`
 * written as `_`. Names must stay flat because this directory is often uploaded as-is.
 */
function flatBundleNames(files, baseDir, suffix) {
    const counts = new Map();
    for (const f of files) {
        counts.set(external_node_path_.basename(f.path), (counts.get(external_node_path_.basename(f.path)) ?? 0) + 1);
    }
    const names = files.map((f) => counts.get(external_node_path_.basename(f.path)) === 1
        ? external_node_path_.basename(f.path) + suffix
        : flatBundleName(f, baseDir, suffix));
    const seen = new Map();
    names.forEach((name, i) => {
        const other = seen.get(name);
        if (other !== undefined) {
            throw new errors/* ActionError */.lZ('BUNDLE_NAME_CONFLICT', `bundle-directory: ${other} and ${files[i].displayPath} would both get the bundle ${name}; sign them in separate steps or leave bundle-directory unset.`);
        }
        seen.set(name, files[i].displayPath);
    });
    return names;
}
/** A file's bundle name in `bundle-directory` when its own name is taken: its path, `/` as `_`. */
function flatBundleName(file, baseDir, suffix = BUNDLE_SUFFIX) {
    const relative = external_node_path_.relative(baseDir, file.path);
    const unique = relative.startsWith('..') ? file.path.replace(/^\/+/, '') : relative;
    return unique.split(external_node_path_.sep).join('_') + suffix;
}
async function checkBundleDirectory(dir, input) {
    let stat;
    try {
        stat = await external_node_fs_.promises.stat(dir);
    }
    catch (err) {
        const code = err.code;
        // Created when the first bundle is written, so a failed run leaves no empty directory.
        if (code === 'ENOENT')
            return;
        throw new errors/* ActionError */.lZ('INPUT_INVALID', code === 'ENOTDIR'
            ? `bundle-directory: "${input}" cannot be a directory, because a part of its path is a file; name a directory, or leave bundle-directory unset to write each bundle beside its file.`
            : `bundle-directory: "${input}" cannot be used (${code ?? String(err)}); name a directory the runner user can write to.`, { cause: err });
    }
    if (!stat.isDirectory()) {
        throw new errors/* ActionError */.lZ('INPUT_INVALID', `bundle-directory: "${input}" exists and is not a directory; name a directory (it is created if missing), or leave bundle-directory unset to write each bundle beside its file.`);
    }
}
async function exists(file) {
    try {
        await external_node_fs_.promises.lstat(file);
        return true;
    }
    catch {
        return false;
    }
}
async function isDirectory(file) {
    try {
        return (await external_node_fs_.promises.lstat(file)).isDirectory();
    }
    catch {
        return false;
    }
}

// EXTERNAL MODULE: ./build/report/log-text.js
var log_text = __webpack_require__(54493);
// EXTERNAL MODULE: ./build/publish/github-errors.js
var github_errors = __webpack_require__(56025);
;// CONCATENATED MODULE: ./build/publish/attach.js







const BUNDLE_CONTENT_TYPE = 'application/json';
/** Bundles attached at once: a handful, GitHub's secondary rate limits dislike bursts. */
const ATTACH_CONCURRENCY = 4;
/**
 * Attaches each bundle to the release as `<bundle file name>`, safely re-runnable: an asset
 * with the same name and the same bytes is left alone; different bytes are replaced only with
 * `overwrite`, otherwise refused. Matrix jobs attaching to one release at once may race on a
 * name: the loser sees 422 already_exists, re-reads the asset and applies the same rule.
 */
async function attachBundles(api, release, bundlePaths, options) {
    if (release.immutable)
        throw immutableError(release);
    let existing = new Map((await api.listAssets(release.id)).map((a) => [a.name, a]));
    const results = [];
    const queue = [...bundlePaths];
    const attachOne = async (bundlePath) => {
        const name = external_node_path_.basename(bundlePath);
        const data = await external_node_fs_.promises.readFile(bundlePath);
        const current = existing.get(name);
        if (current)
            return reconcile(api, release, current, data, options);
        try {
            await api.upload(release, name, data, BUNDLE_CONTENT_TYPE);
            return { name, outcome: 'uploaded' };
        }
        catch (err) {
            if (err instanceof github_errors/* GitHubRequestError */.vK && err.alreadyExists) {
                // Another job of this workflow uploaded it between our listing and our upload.
                existing = new Map((await api.listAssets(release.id)).map((a) => [a.name, a]));
                const raced = existing.get(name);
                if (raced)
                    return reconcile(api, release, raced, data, options);
            }
            throw uploadError(err, release, name);
        }
    };
    const workers = Array.from({ length: Math.min(ATTACH_CONCURRENCY, queue.length) }, async () => {
        for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
            const result = await attachOne(next);
            core/* info */.pq(`Release ${(0,log_text/* printableName */.Nt)(release.tagName)}: ${(0,log_text/* printableName */.Nt)(result.name)} ${result.outcome}`);
            results.push(result);
        }
    });
    await Promise.all(workers);
    return results.sort((a, b) => (a.name < b.name ? -1 : 1));
}
async function reconcile(api, release, asset, data, options) {
    const remote = await api.download(asset);
    if (remote.equals(data))
        return { name: asset.name, outcome: 'unchanged' };
    if (!options.overwrite) {
        if (options.equivalent?.(remote, data))
            return { name: asset.name, outcome: 'kept' };
        throw new errors/* ActionError */.lZ('ASSET_CONFLICT', asset.name.endsWith(ATTESTATION_SUFFIX)
            ? `the release ${release.tagName} already has an asset ${asset.name} that is not the same attestation (a valid one of this file by this workflow, with the same predicate type and predicate); a release holds one attestation per file: set overwrite: true to replace it, or delete it from the release.`
            : `the release ${release.tagName} already has an asset ${asset.name} that is not a valid signature of this file by this workflow; set overwrite: true to replace it, or delete it from the release.`);
    }
    try {
        await api.deleteAsset(asset);
        await api.upload(release, asset.name, data, BUNDLE_CONTENT_TYPE);
    }
    catch (err) {
        throw uploadError(err, release, asset.name);
    }
    return { name: asset.name, outcome: 'replaced' };
}
function uploadError(err, release, name) {
    if (err instanceof github_errors/* GitHubRequestError */.vK &&
        err.status === 422 &&
        /immutable/i.test(err.githubMessage)) {
        return immutableError(release);
    }
    if (err instanceof github_errors/* GitHubRequestError */.vK && err.alreadyExists) {
        return new errors/* ActionError */.lZ('ASSET_CONFLICT', `the release ${release.tagName} refused ${name}: an asset with that name exists.`);
    }
    return err;
}
function immutableError(release) {
    return new errors/* ActionError */.lZ('RELEASE_IMMUTABLE', `the release ${release.tagName} is published and immutable (this repository locks published releases), so nothing can be attached to it. ` +
        'Attach the bundles while the release is still a draft: create it as a draft, run this step, then publish it.');
}

// EXTERNAL MODULE: ./build/attest/statement.js
var attest_statement = __webpack_require__(64829);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./node_modules/@sigstore/bundle/dist/index.js
var dist = __webpack_require__(61040);
// EXTERNAL MODULE: ./node_modules/@sigstore/core/dist/index.js
var core_dist = __webpack_require__(83917);
// EXTERNAL MODULE: ./node_modules/@sigstore/protobuf-specs/dist/index.js
var protobuf_specs_dist = __webpack_require__(19654);
// EXTERNAL MODULE: ./node_modules/@sigstore/verify/dist/index.js
var verify_dist = __webpack_require__(54187);
;// CONCATENATED MODULE: ./build/sigstore/claims.js
const OID = {
    issuerV1: '1.3.6.1.4.1.57264.1.1',
    triggerV1: '1.3.6.1.4.1.57264.1.2',
    shaV1: '1.3.6.1.4.1.57264.1.3',
    workflowName: '1.3.6.1.4.1.57264.1.4',
    repositoryV1: '1.3.6.1.4.1.57264.1.5',
    refV1: '1.3.6.1.4.1.57264.1.6',
    issuer: '1.3.6.1.4.1.57264.1.8',
    buildSignerURI: '1.3.6.1.4.1.57264.1.9',
    runnerEnvironment: '1.3.6.1.4.1.57264.1.11',
    sourceRepositoryURI: '1.3.6.1.4.1.57264.1.12',
    sourceRepositoryDigest: '1.3.6.1.4.1.57264.1.13',
    sourceRepositoryRef: '1.3.6.1.4.1.57264.1.14',
    sourceRepositoryIdentifier: '1.3.6.1.4.1.57264.1.15',
    sourceRepositoryOwnerIdentifier: '1.3.6.1.4.1.57264.1.17',
    buildConfigURI: '1.3.6.1.4.1.57264.1.18',
    buildTrigger: '1.3.6.1.4.1.57264.1.20',
    runInvocationURI: '1.3.6.1.4.1.57264.1.21',
};
function buildClaims(cert) {
    const utf8 = (oid) => {
        const ext = cert.extension(oid);
        return ext ? ext.valueObj.subs[0]?.value.toString('utf8') : undefined;
    };
    return {
        buildSignerURI: utf8(OID.buildSignerURI),
        runnerEnvironment: utf8(OID.runnerEnvironment),
        sourceRepositoryURI: utf8(OID.sourceRepositoryURI),
        sourceRepositoryDigest: utf8(OID.sourceRepositoryDigest),
        sourceRepositoryRef: utf8(OID.sourceRepositoryRef),
        sourceRepositoryIdentifier: utf8(OID.sourceRepositoryIdentifier),
        sourceRepositoryOwnerIdentifier: utf8(OID.sourceRepositoryOwnerIdentifier),
        buildConfigURI: utf8(OID.buildConfigURI),
        buildTrigger: utf8(OID.buildTrigger),
        runInvocationURI: utf8(OID.runInvocationURI),
    };
}
function certificateClaims(cert) {
    const utf8 = (oid) => {
        const ext = cert.extension(oid);
        return ext ? ext.valueObj.subs[0]?.value.toString('utf8') : undefined;
    };
    const raw = (oid) => cert.extension(oid)?.value.toString('utf8');
    return {
        identity: cert.subjectAltName,
        issuer: utf8(OID.issuer) ?? raw(OID.issuerV1),
        repository: repositoryFromURI(utf8(OID.sourceRepositoryURI)) ?? raw(OID.repositoryV1),
        ref: utf8(OID.sourceRepositoryRef) ?? raw(OID.refV1),
        sha: utf8(OID.sourceRepositoryDigest) ?? raw(OID.shaV1),
        trigger: utf8(OID.buildTrigger) ?? raw(OID.triggerV1),
        workflowName: raw(OID.workflowName),
        workflowFile: workflowFileFromURI(utf8(OID.buildConfigURI)),
        runnerEnvironment: utf8(OID.runnerEnvironment),
    };
}
/**
 * `https://github.com/owner/repo/.github/workflows/release.yml@refs/tags/v1` ->
 * `.github/workflows/release.yml`: the path between the repository and the first `@` before a
 * ref (GitHub keeps workflows directly in `.github/workflows/`, named `*.yml` or `*.yaml`).
 */
function workflowFileFromURI(uri) {
    return uri ? /^https:\/\/[^/]+\/[^/]+\/[^/]+\/([^@]+?\.ya?ml)@/.exec(uri)?.[1] : undefined;
}
/** `https://github.com/owner/repo` (or a GHES host) -> `owner/repo`. */
function repositoryFromURI(uri) {
    if (!uri)
        return undefined;
    try {
        return new URL(uri).pathname.replace(/^\/+|\/+$/g, '') || undefined;
    }
    catch {
        return undefined;
    }
}

// EXTERNAL MODULE: ./node_modules/@noble/curves/nist.js + 10 modules
var nist = __webpack_require__(93431);
;// CONCATENATED MODULE: ./build/sigstore/prehashed.js


/**
 * Signatures over a digest the caller computed. Node's crypto only signs and verifies messages
 * it hashes itself, which would mean holding a multi-gigabyte file in memory or reading it
 * twice. ECDSA (and RSA PKCS#1 v1.5) signatures over the digest are the very signatures any
 * verifier checks against the whole file, so we stream the file once and work on its digest.
 * The ECDSA arithmetic is @noble/curves (audited, pure JS); keys stay Node KeyObjects.
 */
const CURVES = { 'P-256': nist/* p256 */.s9, 'P-384': nist/* p384 */.sL, 'P-521': nist/* p521 */.Bt };
/**
 * An ECDSA signature (DER) by a P-256 private scalar over a digest. Hedged (RFC 6979 nonce mixed
 * with fresh randomness): a purely deterministic signature of the same file is the same Rekor
 * entry, which Rekor v2 refuses as a duplicate (409) without handing the first one back.
 */
function signDigestP256(privateScalar, digest) {
    return Buffer.from(nist/* p256 */.s9.sign(digest, privateScalar, { prehash: false, format: 'der', extraEntropy: true }));
}
/**
 * Verifies `signature` over `digest` with `key`. Returns undefined for key types that cannot be
 * verified from a digest alone (Ed25519, RSA-PSS): the caller then needs the message itself.
 */
function verifyDigestSignature(key, algorithm, digest, signature) {
    if (key.asymmetricKeyType === 'ec') {
        const jwk = key.export({ format: 'jwk' });
        const curve = CURVES[jwk.crv];
        if (!curve || !jwk.x || !jwk.y)
            return undefined;
        const point = Buffer.concat([
            Buffer.from([4]),
            Buffer.from(jwk.x, 'base64url'),
            Buffer.from(jwk.y, 'base64url'),
        ]);
        try {
            // lowS: false, as OpenSSL: both S values of a valid signature verify.
            return curve.verify(signature, digest, point, { prehash: false, format: 'der', lowS: false });
        }
        catch {
            return false; // not a DER signature
        }
    }
    if (key.asymmetricKeyType === 'rsa') {
        let recovered;
        try {
            recovered = external_node_crypto_.publicDecrypt({ key, padding: external_node_crypto_.constants.RSA_PKCS1_PADDING }, signature);
        }
        catch {
            return false;
        }
        const expected = Buffer.concat([DIGEST_INFO_PREFIX[algorithm], digest]);
        return recovered.length === expected.length && external_node_crypto_.timingSafeEqual(recovered, expected);
    }
    return undefined;
}
// DER DigestInfo headers (RFC 8017, section 9.2, note 1).
const DIGEST_INFO_PREFIX = {
    sha256: Buffer.from('3031300d060960864801650304020105000420', 'hex'),
    sha384: Buffer.from('3041300d060960864801650304020205000430', 'hex'),
    sha512: Buffer.from('3051300d060960864801650304020305000440', 'hex'),
};

// EXTERNAL MODULE: ./build/verify/bundle-json.js
var bundle_json = __webpack_require__(25705);
// EXTERNAL MODULE: ./build/verify/policy.js + 1 modules
var verify_policy = __webpack_require__(51653);
;// CONCATENATED MODULE: ./build/verify/trust-cache.js
/**
 * The trusted root's CA and TSA certificates, wrapped so that the pure, costly checks on them
 * are computed once per verifier instead of once per bundle. @sigstore/verify rebuilds every
 * chain from scratch for each bundle, and @sigstore/core re-encodes a certificate to DER for
 * each signature check and each comparison; for a TSA timestamp the whole chain is made of these
 * trusted certificates, so after the first bundle its checks are lookups. Only results that do
 * not depend on time are kept (signature checks, equality, the public key): validity at the
 * signing time is still checked every time, by @sigstore/verify itself.
 */
function withMemoizedCertificates(trust) {
    const wrap = (chain) => chain.map(memoized);
    return {
        ...trust,
        certificateAuthorities: trust.certificateAuthorities.map((ca) => ({
            ...ca,
            certChain: wrap(ca.certChain),
        })),
        timestampAuthorities: trust.timestampAuthorities.map((ca) => ({
            ...ca,
            certChain: wrap(ca.certChain),
        })),
    };
}
const SELF = {};
function memoized(cert) {
    // Inherits every property and getter of the certificate; overrides the three pure, costly ones.
    const wrapper = Object.create(cert);
    const publicKey = cert.publicKey;
    const verified = new WeakMap();
    const equal = new WeakMap();
    Object.defineProperties(wrapper, {
        publicKey: { value: publicKey },
        verify: {
            value: (issuer) => {
                const key = issuer ?? SELF;
                let result = verified.get(key);
                if (result === undefined) {
                    result = cert.verify.call(wrapper, issuer);
                    verified.set(key, result);
                }
                return result;
            },
        },
        equals: {
            value: (other) => {
                let result = equal.get(other);
                if (result === undefined) {
                    result = other === wrapper || cert.equals(other);
                    equal.set(other, result);
                }
                return result;
            },
        },
    });
    return wrapper;
}

;// CONCATENATED MODULE: ./build/verify/bundle-verifier.js












const DIGEST_ALGORITHMS = {
    [protobuf_specs_dist.HashAlgorithm.SHA2_256]: 'sha256',
    [protobuf_specs_dist.HashAlgorithm.SHA2_384]: 'sha384',
    [protobuf_specs_dist.HashAlgorithm.SHA2_512]: 'sha512',
};
const DIGEST_LENGTHS = { sha256: 32, sha384: 48, sha512: 64 };
/** A bundle that does not verify, with the cause in words a user can act on. */
class VerificationFailure extends errors/* ActionError */.lZ {
}
/**
 * Parses a bundle's JSON, reporting where it is malformed. Accepts bundles v0.1, v0.2 and v0.3.
 */
function parseBundle(json) {
    // @sigstore/bundle reads any JSON leniently (see bundle-json.ts): its shape is checked first.
    const shape = (0,bundle_json/* checkBundleShape */.Gu)(json);
    if (shape) {
        throw new VerificationFailure('BUNDLE_MALFORMED', `the bundle is malformed at ${shape.path || 'its top level'}: ${(0,errors/* printable */.g$)(shape.problem, 400)}; no Sigstore client wrote it like this: check that it is the right file, or sign the file again`);
    }
    try {
        return (0,dist.bundleFromJSON)(json);
    }
    catch (err) {
        if (err instanceof dist.ValidationError) {
            throw new VerificationFailure('BUNDLE_MALFORMED', `the bundle is malformed at ${err.fields.join(', ') || 'its top level'} (${err.message})`);
        }
        // A field of the wrong type (a number where base64 goes): the protobuf decoder's own words.
        throw new VerificationFailure('BUNDLE_MALFORMED', `the bundle is malformed, a field cannot be decoded (${(0,errors/* printable */.g$)(err.message)}); no Sigstore client wrote it like this: check that it is the right file, or sign the file again`);
    }
}
/** The digests of the file that checking this bundle needs. */
function requiredDigests(bundle) {
    if (bundle.content.$case === 'messageSignature') {
        const algorithm = DIGEST_ALGORITHMS[bundle.content.messageSignature.messageDigest.algorithm];
        if (!algorithm) {
            throw new VerificationFailure('BUNDLE_MALFORMED', `the bundle's message digest uses an unsupported hash algorithm (${protobuf_specs_dist.HashAlgorithm[bundle.content.messageSignature.messageDigest.algorithm]})`);
        }
        const length = bundle.content.messageSignature.messageDigest.digest.length;
        if (length !== DIGEST_LENGTHS[algorithm]) {
            throw new VerificationFailure('BUNDLE_MALFORMED', `the bundle's message digest is ${length} bytes long; a ${algorithm} digest is ${DIGEST_LENGTHS[algorithm]}`);
        }
        return [algorithm];
    }
    const subjects = inTotoSubjects(bundle.content.dsseEnvelope);
    const available = new Set(subjects.flatMap((s) => Object.keys(s.digest)));
    const usable = ['sha256', 'sha512', 'sha384'].filter((a) => available.has(a));
    // One is enough; sha256 when the statement has it.
    return usable.length > 0 ? [usable[0]] : ['sha256'];
}
/**
 * Verifies bundles against one trusted root: signature, certificate chain at the signing time,
 * SCTs, transparency log inclusion and timestamps (all by @sigstore/verify), then that the
 * bundle is for THIS file and that the signer is who the policy requires.
 */
class BundleVerifier {
    verifier;
    /** Leaf certificates already chained to the trusted root, and for which times. */
    verifiedCertificates = new Map();
    /** The certificate of the bundle being verified now (Verifier.verify is synchronous). */
    currentCertificate;
    /** False for a root without transparency logs (GitHub's instance publishes one). */
    hasLogs;
    /** The managed public key a bundle may be signed with instead of a certificate. */
    managedKey;
    constructor(trustedRoot, managedKeyPEM) {
        const key = managedKeyPEM ? parsePublicKey(managedKeyPEM) : undefined;
        this.managedKey = key;
        const keyFinder = (hint) => {
            if (!key) {
                throw new verify_dist/* VerificationError */.mk({
                    code: 'PUBLIC_KEY_ERROR',
                    message: `the bundle is signed by a key (hint "${hint}"), not a Sigstore certificate; pass the public key to verify it`,
                });
            }
            return { publicKey: key, validFor: () => true };
        };
        // A root without logs cannot require a log entry (its bundles have none: their time comes
        // from a TSA); a bundle that has one is refused in verify(), saying why.
        this.hasLogs = trustedRoot.tlogs.length > 0;
        this.verifier = new verify_dist/* Verifier */.BL(withMemoizedCertificates((0,verify_dist/* toTrustMaterial */.jO)(trustedRoot, keyFinder)), this.hasLogs ? {} : { tlogThreshold: 0 });
        this.cacheSigningKeyChecks(trustedRoot);
    }
    /**
     * @sigstore/verify checks a leaf certificate's chain (and its SCTs) from scratch for every
     * bundle, at every timestamp: two thirds of its time per bundle, although every bundle of a
     * signing run shares one certificate. The chain check at a time t depends on t only through
     * validity windows: the leaf's own, and those of the trusted CAs and their certificates. So
     * between two times at which the chain verified, with no CA boundary (a start or end of a CA's
     * validFor, a notBefore or notAfter of a CA certificate) strictly between them, every time
     * verifies: nothing the check depends on changes, and the leaf's window is an interval. A
     * certificate verified for [lo, hi] is accepted for times inside [lo, hi] without redoing the
     * work; anything else goes through @sigstore/verify. If its internals change shape, no cache.
     */
    cacheSigningKeyChecks(trustedRoot) {
        const internals = this.verifier;
        if (typeof internals.verifySigningKey !== 'function')
            return;
        const check = internals.verifySigningKey.bind(this.verifier);
        const boundaries = caBoundaries(trustedRoot);
        const boundaryFree = (lo, hi) => !boundaries.some((b) => lo < b && b < hi);
        internals.verifySigningKey = (entity, timestamps) => {
            const key = this.currentCertificate;
            if (!key || entity.key.$case !== 'certificate' || timestamps.length === 0) {
                return check(entity, timestamps);
            }
            const times = timestamps.map((t) => t.getTime());
            const lo = Math.min(...times);
            const hi = Math.max(...times);
            const known = this.verifiedCertificates.get(key);
            if (known && lo >= known.lo && hi <= known.hi)
                return known.signer;
            const signer = check(entity, timestamps);
            if (known && boundaryFree(Math.min(lo, known.lo), Math.max(hi, known.hi))) {
                this.verifiedCertificates.set(key, {
                    lo: Math.min(lo, known.lo),
                    hi: Math.max(hi, known.hi),
                    signer,
                });
            }
            else if (boundaryFree(lo, hi)) {
                this.verifiedCertificates.set(key, { lo, hi, signer });
            }
            return signer;
        };
    }
    verify(bundle, artifact, signer, expected = {}) {
        const keyMaterial = bundle.verificationMaterial.content.$case;
        if (signer.kind === 'key' && keyMaterial !== 'publicKey') {
            throw new VerificationFailure('POLICY_MISMATCH', 'the bundle is signed with a Sigstore certificate, not with the given public key');
        }
        if (!this.hasLogs && bundle.verificationMaterial.tlogEntries.length > 0) {
            throw new VerificationFailure('TLOG_INVALID', 'the bundle has a transparency log entry, but the trusted root lists no transparency logs (its "tlogs" is empty), so the entry cannot be checked; verify with the trusted root of the instance that signed the bundle');
        }
        let entity;
        try {
            entity = this.signedEntity(bundle, artifact);
            this.currentCertificate = certificateKey(bundle);
            this.verifier.verify(entity);
            checkLogEntries(bundle);
        }
        catch (err) {
            throw this.signatureMismatch(err, bundle, entity) ?? explainVerificationError(err, bundle);
        }
        finally {
            this.currentCertificate = undefined;
        }
        let claims = {};
        if (entity.key.$case === 'certificate')
            claims = certificateClaims(entity.key.certificate);
        if (signer.kind === 'identity') {
            const mismatches = (0,verify_policy/* checkPolicy */.hM)(signer.policy, claims);
            if (mismatches.length > 0) {
                throw new VerificationFailure('POLICY_MISMATCH', mismatches.map((m) => m.message).join('; '));
            }
        }
        // Read only now: the statement is trusted once its signature has verified.
        const predicateType = bundle.content.$case === 'dsseEnvelope'
            ? (0,attest_statement/* predicateTypeOf */.kq)((0,attest_statement/* envelopeStatement */.s4)(bundle.content.dsseEnvelope))
            : undefined;
        if (expected.predicateType !== undefined) {
            checkPredicate(bundle.content.$case, predicateType, expected.predicateType);
        }
        else if (expected.plainSignature && bundle.content.$case === 'dsseEnvelope') {
            throw notASignature(predicateType);
        }
        return {
            claims,
            logIndex: authenticatedLogIndex(bundle.verificationMaterial.tlogEntries[0]),
            predicateType,
        };
    }
    /**
     * @sigstore/verify checks the signature last (Verifier.verify: timestamps, signing key, log
     * entries, then the signature), and the earlier checks cover the signature bytes too: a TSA
     * timestamp is a signature over them, a log entry's body holds them. So a signature altered
     * after signing fails as "timestamp could not be verified" or "the log entry is for a different
     * signature", which sends the user after the timestamp authority. When the verifier fails for
     * any reason but the signature, this checks the signature against the bundle's own key (its
     * certificate's, untrusted yet) and the file: if they do not match, that is the cause to report.
     */
    signatureMismatch(err, bundle, entity) {
        if (!(err instanceof verify_dist/* VerificationError */.mk) || !entity)
            return undefined;
        let key;
        try {
            key =
                entity.key.$case === 'certificate'
                    ? core_dist.crypto.createPublicKey(entity.key.certificate.publicKey)
                    : this.managedKey;
        }
        catch {
            // A key that cannot be read: the verifier's own error says more.
        }
        if (!key)
            return undefined;
        let matches;
        try {
            matches = entity.signature.verifySignature(key);
        }
        catch (check) {
            // A signature that cannot be parsed does not match; one that cannot be checked here (a
            // key type that needs the whole file) says nothing.
            if (check instanceof VerificationFailure)
                return undefined;
            matches = false;
        }
        if (matches)
            return undefined;
        return new VerificationFailure('SIGNATURE_INVALID', signatureMismatchText(bundle), {
            cause: err,
        });
    }
    signedEntity(bundle, artifact) {
        if (bundle.content.$case === 'dsseEnvelope') {
            checkSubject(bundle.content.dsseEnvelope, artifact);
            return (0,verify_dist/* toSignedEntity */.DC)(bundle);
        }
        const { messageDigest, signature } = bundle.content.messageSignature;
        const algorithm = requiredDigests(bundle)[0];
        const digest = artifact.digests[algorithm];
        if (!digest)
            throw new Error(`internal: the file's ${algorithm} digest was not computed`);
        if (!core_dist.crypto.bufferEqual(digest, messageDigest.digest)) {
            throw new VerificationFailure('BUNDLE_MISMATCH', `the bundle is for a different file: it signs ${algorithm}:${messageDigest.digest.toString('hex')}, the file is ${algorithm}:${digest.toString('hex')}`);
        }
        // @sigstore/verify's own message content needs the whole file in memory; this one checks
        // the signature over the digest we streamed, and falls back to the bytes only for key
        // types that cannot be verified from a digest.
        const content = {
            signature,
            compareSignature: (other) => core_dist.crypto.bufferEqual(other, signature),
            compareDigest: (other) => core_dist.crypto.bufferEqual(other, messageDigest.digest),
            compareSignedDigest: (other) => core_dist.crypto.bufferEqual(other, messageDigest.digest),
            verifySignature: (key) => {
                if (artifact.content) {
                    return core_dist.crypto.verify(artifact.content, key, signature, algorithm);
                }
                const result = verifyDigestSignature(key, algorithm, digest, signature);
                if (result !== undefined)
                    return result;
                if (!artifact.readBytes) {
                    throw new VerificationFailure('SIGNATURE_INVALID', `a ${key.asymmetricKeyType ?? 'non-ECDSA'} signature cannot be checked from a digest alone; verify the file itself`);
                }
                return core_dist.crypto.verify(artifact.readBytes(), key, signature, algorithm);
            },
        };
        return { ...(0,verify_dist/* toSignedEntity */.DC)(bundle), signature: content };
    }
}
/**
 * What @sigstore/verify leaves unchecked in a log entry, although the bundle states it:
 * - an inclusion proof's rootHash and treeSize: the proof is checked against the root and size
 *   of its signed checkpoint, and these two fields are never read. A proof that contradicts its
 *   own checkpoint is corrupt; sigstore-go rejects it too.
 * - the logIndex of a Rekor v2 entry: there is no signed entry timestamp to cover it, and a
 *   Rekor v2 log has no shards, so it must be the index the inclusion proof proves.
 * Runs after @sigstore/verify accepted the entries, so every checkpoint here has been parsed
 * and its signature verified.
 */
function checkLogEntries(bundle) {
    for (const [i, entry] of bundle.verificationMaterial.tlogEntries.entries()) {
        const proof = entry.inclusionProof;
        if (!proof?.checkpoint)
            continue;
        const checkpoint = parseCheckpointNote(proof.checkpoint.envelope);
        const where = `transparency log entry ${i}`;
        if (checkpoint &&
            (checkpoint.size !== proof.treeSize || !checkpoint.rootHash.equals(proof.rootHash))) {
            throw new VerificationFailure('TLOG_INVALID', `${where} contradicts itself: its inclusion proof gives tree size ${(0,errors/* printable */.g$)(proof.treeSize, 40)} and root hash ${shortHex(proof.rootHash)}, its signed checkpoint tree size ${(0,errors/* printable */.g$)(checkpoint.size, 40)} and root hash ${shortHex(checkpoint.rootHash)}`);
        }
        if (isRekorV2(entry) && !entry.inclusionPromise && entry.logIndex !== proof.logIndex) {
            throw new VerificationFailure('TLOG_INVALID', `${where} claims log index ${(0,errors/* printable */.g$)(entry.logIndex, 40)}, but its inclusion proof is for index ${(0,errors/* printable */.g$)(proof.logIndex, 40)}`);
        }
    }
}
/** The tree size (as a decimal string) and root hash of a checkpoint's signed note. */
function parseCheckpointNote(envelope) {
    const end = envelope.indexOf('\n\n');
    if (end < 0)
        return undefined;
    const lines = envelope.slice(0, end).split('\n');
    if (lines.length < 3 || !/^[0-9]+$/.test(lines[1]))
        return undefined;
    return { size: BigInt(lines[1]).toString(), rootHash: Buffer.from(lines[2], 'base64') };
}
/** A hash for a message: in hex, and not more than a hash's worth of it. */
function shortHex(bytes) {
    if (bytes.length === 0)
        return '(none)';
    return bytes.length > 64
        ? `${bytes.subarray(0, 32).toString('hex')}… (${bytes.length} bytes)`
        : bytes.toString('hex');
}
function isRekorV2(entry) {
    const { kind, version } = entry.kindVersion ?? {};
    return version === '0.0.2' && (kind === 'hashedrekord' || kind === 'dsse');
}
/**
 * The entry's log index, when verification authenticated it: covered by the signed entry
 * timestamp, or equal to the index the inclusion proof proves. A Rekor v1 entry without a
 * promise has a global index that nothing signs (its proof is for an index within a shard).
 */
function authenticatedLogIndex(entry) {
    if (!entry)
        return undefined;
    if (entry.inclusionPromise || entry.logIndex === entry.inclusionProof?.logIndex) {
        return entry.logIndex;
    }
    return undefined;
}
/**
 * @sigstore/verify decodes the certificate and the RFC 3161 timestamps (DER) deep inside its
 * checks, where a broken one surfaces as a bare "invalid length" or "Cannot read properties of
 * undefined", and reads a v0.1 bundle's inclusion proof checkpoint without checking it is there.
 * When it fails with such an error, this finds the part that is broken, for the message. (Only
 * then: decoding a certificate twice for every bundle that verifies would cost time for nothing.)
 */
function structureProblem(bundle) {
    try {
        checkStructures(bundle);
        return undefined;
    }
    catch (err) {
        return err instanceof VerificationFailure ? err : undefined;
    }
}
function checkStructures(bundle) {
    const raw = certificateBytes(bundle);
    if (raw) {
        try {
            const cert = core_dist.X509Certificate.parse(Buffer.from(raw));
            for (const read of [
                () => cert.notBefore,
                () => cert.notAfter,
                () => cert.publicKey,
                () => cert.issuer,
                () => cert.extensions,
                () => cert.signatureValue,
            ])
                read();
        }
        catch (err) {
            throw new VerificationFailure('BUNDLE_MALFORMED', `the bundle's signing certificate is not a well-formed X.509 certificate (${(0,errors/* printable */.g$)(err.message)})`, { cause: err });
        }
    }
    const timestamps = bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps ?? [];
    for (const [i, { signedTimestamp }] of timestamps.entries()) {
        try {
            const ts = core_dist.RFC3161Timestamp.parse(Buffer.from(signedTimestamp));
            for (const read of [
                () => ts.contentType,
                () => ts.eContentType,
                () => ts.signingTime,
                () => ts.signerIssuer,
                () => ts.signerSerialNumber,
                () => ts.signerDigestAlgorithm,
                () => ts.signatureValue,
                () => ts.tstInfo.messageImprintHashedMessage,
                () => ts.tstInfo.messageImprintHashAlgorithm,
            ])
                read();
        }
        catch (err) {
            throw new VerificationFailure('BUNDLE_MALFORMED', `the bundle's RFC 3161 timestamp ${i} is not well-formed (${(0,errors/* printable */.g$)(err.message)})`, { cause: err });
        }
    }
    for (const [i, entry] of bundle.verificationMaterial.tlogEntries.entries()) {
        if (entry.inclusionProof && !entry.inclusionProof.checkpoint) {
            throw new VerificationFailure('BUNDLE_MALFORMED', `transparency log entry ${i} has an inclusion proof without its checkpoint`);
        }
    }
}
/** Every time at which the trusted root's CAs, or their certificates, become valid or expire. */
function caBoundaries(root) {
    const times = [];
    for (const ca of root.certificateAuthorities) {
        if (ca.validFor?.start)
            times.push(ca.validFor.start.getTime());
        if (ca.validFor?.end)
            times.push(ca.validFor.end.getTime());
        for (const cert of ca.certChain?.certificates ?? []) {
            const parsed = core_dist.X509Certificate.parse(Buffer.from(cert.rawBytes));
            times.push(parsed.notBefore.getTime(), parsed.notAfter.getTime());
        }
    }
    return times;
}
/** The leaf certificate's bytes, as a cache key. */
function certificateKey(bundle) {
    const raw = certificateBytes(bundle);
    return raw ? Buffer.from(raw).toString('base64') : undefined;
}
function certificateBytes(bundle) {
    const material = bundle.verificationMaterial.content;
    return material.$case === 'certificate'
        ? material.certificate.rawBytes
        : material.$case === 'x509CertificateChain'
            ? material.x509CertificateChain.certificates[0]?.rawBytes
            : undefined;
}
/**
 * The subjects of the bundle's in-toto statement. This runs before the envelope's signature is
 * checked (it says which digest of the file to compute), so the payload is untrusted here.
 */
function inTotoSubjects(envelope) {
    if (envelope.payloadType !== attest_statement/* IN_TOTO_PAYLOAD_TYPE */.T4) {
        throw new VerificationFailure('BUNDLE_MISMATCH', `the bundle's DSSE envelope holds "${(0,errors/* printable */.g$)(envelope.payloadType, 100)}", not an in-toto statement, so it says nothing about a file`);
    }
    let statement;
    try {
        statement = (0,attest_statement/* envelopeStatement */.s4)(envelope);
    }
    catch {
        throw new VerificationFailure('BUNDLE_MALFORMED', 'the in-toto statement in the bundle is not JSON');
    }
    const subjects = typeof statement === 'object' && statement !== null
        ? statement.subject
        : undefined;
    if (!Array.isArray(subjects)) {
        throw new VerificationFailure('BUNDLE_MALFORMED', 'the in-toto statement in the bundle has no subject list');
    }
    // Subjects without a digest object say nothing about any file; they are skipped.
    return subjects.filter((s) => typeof s === 'object' &&
        s !== null &&
        typeof s.digest === 'object' &&
        s.digest !== null &&
        !Array.isArray(s.digest));
}
function checkPredicate(content, actual, expected) {
    if (actual === expected)
        return;
    throw new VerificationFailure('PREDICATE_MISMATCH', content === 'messageSignature'
        ? `the bundle is a plain signature, not an in-toto attestation of type "${(0,errors/* printable */.g$)(expected, 200)}"; attestations are the <file>.intoto.sigstore.json bundles that sign mode writes with predicate-type`
        : actual === undefined
            ? `the attestation's statement has no predicate type, expected "${(0,errors/* printable */.g$)(expected, 200)}"; it was not made as an attestation of that type`
            : `the attestation's predicate type is "${(0,errors/* printable */.g$)(actual, 200)}", expected "${(0,errors/* printable */.g$)(expected, 200)}": it is another kind of statement about the file`);
}
/**
 * An attestation where a signature was required. Its predicate type is named (read from the
 * statement after the envelope's signature and signer verified: it is the signer's word, and
 * is never what makes a bundle pass), so the user can ask for it.
 */
function notASignature(predicateType) {
    const type = predicateType === undefined ? undefined : (0,errors/* printable */.g$)(predicateType, 200);
    return new VerificationFailure('PREDICATE_MISMATCH', `the bundle is an in-toto attestation (${type === undefined ? 'a statement without a predicate type' : `predicate type "${type}"`}), not a plain signature of the file: an attestation is a statement about the file, whatever it says, and does not pass as its signature. ` +
        (type === undefined
            ? 'Sign the file (sign mode without predicate-type) to verify a signature.'
            : `To verify this attestation, set predicate-type: ${type}; to verify a signature, sign the file (sign mode without predicate-type).`));
}
/** At most this many subject names are quoted in a message. */
const SUBJECTS_SHOWN = 5;
function checkSubject(envelope, artifact) {
    const subjects = inTotoSubjects(envelope);
    const matches = subjects.some((subject) => Object.entries(artifact.digests).some(([algorithm, digest]) => typeof subject.digest[algorithm] === 'string' &&
        subject.digest[algorithm].toLowerCase() === digest.toString('hex')));
    if (!matches) {
        const names = subjects
            .slice(0, SUBJECTS_SHOWN)
            .map((s) => (typeof s.name === 'string' ? (0,errors/* printable */.g$)(s.name, 80) : '(unnamed)'));
        if (subjects.length > SUBJECTS_SHOWN)
            names.push(`and ${subjects.length - SUBJECTS_SHOWN} more`);
        throw new VerificationFailure('BUNDLE_MISMATCH', `the bundle is for a different file: the file is not a subject of its in-toto statement (subjects: ${names.join(', ') || 'none'})`);
    }
}
const EXPLANATIONS = {
    TLOG_ERROR: { code: 'TLOG_INVALID', text: 'not in the transparency log' },
    TLOG_INCLUSION_PROOF_ERROR: {
        code: 'TLOG_INVALID',
        text: 'not in the transparency log (its inclusion proof does not verify)',
    },
    TLOG_INCLUSION_PROMISE_ERROR: {
        code: 'TLOG_INVALID',
        text: 'not in the transparency log (its signed entry timestamp does not verify)',
    },
    TLOG_MISSING_INCLUSION_ERROR: {
        code: 'TLOG_INVALID',
        text: 'not in the transparency log (no inclusion proof or promise)',
    },
    TLOG_BODY_ERROR: {
        code: 'TLOG_INVALID',
        text: 'the transparency log entry is for a different signature',
    },
    CERTIFICATE_ERROR: {
        code: 'CERTIFICATE_INVALID',
        text: 'the signing certificate is not trusted',
    },
    PUBLIC_KEY_ERROR: { code: 'CERTIFICATE_INVALID', text: 'the signing key is not trusted' },
    TIMESTAMP_ERROR: { code: 'TIMESTAMP_INVALID', text: 'no trusted time of signing' },
};
/**
 * A signature that is not of these bytes by this key: the bytes are the file's (its digest was
 * compared first) or the attestation's envelope, so the signature or the certificate changed.
 */
function signatureMismatchText(bundle) {
    const signed = bundle.content.$case === 'dsseEnvelope'
        ? "the bundle's certificate did not sign its attestation (the DSSE envelope) with this signature"
        : "the bundle's certificate did not sign this file with this signature";
    return `the signature does not match: ${signed}, so the signature or the certificate was changed after signing, or they come from different bundles (a timestamp or log entry for the original signature cannot vouch for this one); get the bundle again from where the file came from, or sign the file again`;
}
function explainVerificationError(err, bundle) {
    if (err instanceof VerificationFailure)
        return err;
    if (err instanceof verify_dist/* VerificationError */.mk) {
        if (err.code === 'SIGNATURE_ERROR') {
            return new VerificationFailure('SIGNATURE_INVALID', signatureMismatchText(bundle), {
                cause: err,
            });
        }
        const explanation = EXPLANATIONS[err.code];
        if (explanation) {
            return new VerificationFailure(explanation.code, `${explanation.text}: ${(0,errors/* printable */.g$)(err.message)}`, { cause: err });
        }
    }
    // Anything else thrown while checking (a truncated proof, a bad certificate encoding) is a
    // bundle that cannot be what it claims to be.
    const broken = structureProblem(bundle);
    if (broken)
        return broken;
    return new VerificationFailure('BUNDLE_MALFORMED', `the bundle is malformed: ${(0,errors/* printable */.g$)(err instanceof Error ? err.message : String(err))}`, { cause: err });
}
function parsePublicKey(pem) {
    try {
        return external_node_crypto_.createPublicKey(pem);
    }
    catch (err) {
        throw new errors/* ActionError */.lZ('INPUT_INVALID', `the public key is not a PEM public key: ${err.message}`);
    }
}

// EXTERNAL MODULE: ./build/report/markdown.js
var markdown = __webpack_require__(34902);
;// CONCATENATED MODULE: ./build/report/shell.js

/** A word that any POSIX shell takes as it is. */
const PLAIN_WORD = /^[\w@%+=:,./-]+$/;
const NEEDS_ESCAPE = new RegExp(log_text/* INVISIBLE_CHARACTER */.MZ, 'u');
const ANSI_C_ESCAPED = new RegExp(`${log_text/* INVISIBLE_CHARACTER */.MZ}|[\\\\']`, 'gu');
const NAMED_ESCAPES = {
    '\\': '\\\\',
    "'": "\\'",
    '\n': '\\n',
    '\r': '\\r',
    '\t': '\\t',
};
/**
 * Quotes a word for the shell commands the summary and the release notes print, when it needs it.
 * Single quotes keep every character as it is, line breaks and bidirectional overrides too: the
 * command would run right but not read right (a name could draw lines of its own inside the
 * block, or reorder the line it is on). So a word holding a character that log-text.ts shows
 * escaped is written in ANSI-C quotes, `$'...'`, with that character as an escape (`\n`, `\x1b`,
 * `\u202e`): the command shows what it does. `$'...'` is in bash, zsh, ksh and POSIX.1-2024
 * sh, not in dash 0.5.12 (Debian's sh); only such names need it.
 */
function shellQuote(word) {
    if (PLAIN_WORD.test(word))
        return word;
    if (!NEEDS_ESCAPE.test(word))
        return `'${word.replace(/'/g, `'\\''`)}'`;
    return `$'${word.replace(ANSI_C_ESCAPED, ansiEscape)}'`;
}
function ansiEscape(c) {
    const named = NAMED_ESCAPES[c];
    if (named)
        return named;
    const code = c.codePointAt(0) ?? 0;
    // \xHH is a byte; above ASCII, \u and \U give the character in the locale's encoding (UTF-8).
    if (code < 0x80)
        return `\\x${code.toString(16).padStart(2, '0')}`;
    return code > 0xffff
        ? `\\U${code.toString(16).padStart(8, '0')}`
        : `\\u${code.toString(16).padStart(4, '0')}`;
}
/**
 * A command written over several lines, continued with `\`: the command, then each argument (or
 * option and its value) on a line of its own, indented by `indent`. A release body or a job
 * summary is about 120 monospace characters wide; a command on one line scrolls sideways and hides
 * its end, the pinned identity and repository.
 */
function continuedCommand(command, args, indent = '  ') {
    return [command, ...args.map((arg) => `${indent}${arg}`)].join(' \\\n');
}
/** GitHub's code blocks show about this many characters before they scroll sideways. */
const COMMAND_WIDTH = 100;
/**
 * A command laid out to be read in a code block, its words already quoted: the head (the
 * command and its operands) packed onto the first lines, then each group of words (an option and
 * its value) on a line of its own, lines continued with ` \`. A group too long for its line has
 * its first word alone, the rest on the lines below, indented further; a single word longer than
 * the width (an identity URL) keeps its line. With `joinIfFits`, a command that fits on one line
 * stays one line.
 */
function commandLines(head, groups = [], options = {}) {
    const width = options.width ?? COMMAND_WIDTH;
    const oneLine = [...head, ...groups.flat()].join(' ');
    if ((groups.length === 0 || options.joinIfFits) && oneLine.length <= width)
        return oneLine;
    // Room for the ` \` that continues every line but the last.
    const room = width - 2;
    const lines = [];
    const pack = (words, indent, nextIndent) => {
        let line = '';
        for (const word of words) {
            if (line === '')
                line = indent + word;
            else if (line.length + 1 + word.length <= room)
                line += ` ${word}`;
            else {
                lines.push(line);
                line = nextIndent + word;
            }
        }
        if (line !== '')
            lines.push(line);
    };
    pack(head, '', '  ');
    for (const group of groups) {
        if (2 + group.join(' ').length <= room || group.length === 1)
            lines.push(`  ${group.join(' ')}`);
        else {
            lines.push(`  ${group[0]}`);
            pack(group.slice(1), '    ', '    ');
        }
    }
    return lines.map((line, i) => (i < lines.length - 1 ? `${line} \\` : line)).join('\n');
}

;// CONCATENATED MODULE: ./build/report/failure-groups.js
/**
 * Failures grouped by cause, in the order of their first item. A service outage fails every
 * file in flight with one error, and the same long paragraph once per file buries the one thing
 * to read: so errors with the same code and the same message but for its numbers (how long the
 * last attempt waited, how many attempts there were: they differ from file to file for one
 * outage) are one group. A message that names its own item (`cannot read dist/a.txt`, `the bundle
 * dist/a.txt.sigstore.json is not valid JSON`) is about that item alone and stays a group of
 * its own: with numbers ignored, `dist/f-1.txt` and `dist/f-2.txt` would look alike.
 */
function groupFailures(failures, errorOf, namesOf) {
    const groups = new Map();
    failures.forEach((item, i) => {
        const error = errorOf(item);
        const ownName = namesOf(item).some((name) => mentions(error.message, name));
        const key = ownName
            ? `item ${i}`
            : `${error.code}\n${error.message.replace(/\d+(?:\.\d+)?/g, '#')}`;
        const group = groups.get(key);
        if (group)
            group.items.push(item);
        else
            groups.set(key, { error, items: [item] });
    });
    return [...groups.values()];
}
/** Whether `text` names `name` as a whole (`a` is not in "answer", `dist/a` not in `dist/ab`). */
function mentions(text, name) {
    if (name === '')
        return false;
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`(?<![\\w./-])${escaped}(?![\\w/-])`, 'u').test(text);
}

;// CONCATENATED MODULE: ./build/report/log-index.js
function logIndexOutput(index) {
    if (index === undefined || !/^\d+$/.test(index))
        return undefined;
    const n = Number(index);
    return Number.isSafeInteger(n) ? n : index;
}

// EXTERNAL MODULE: ./build/report/wording.js
var wording = __webpack_require__(62867);
;// CONCATENATED MODULE: ./build/report/verify-report.js







function verifyOutputs(report) {
    // The files themselves: a bundle checked against its file (bundleOf) is not a file to use.
    const verified = report.results.filter((r) => r.ok && !r.bundleOf);
    return {
        verified: JSON.stringify(verified.map((r) => r.file.displayPath)),
        results: JSON.stringify(verified.map((r) => ({
            path: r.file.displayPath,
            sha256: r.sha256,
            size: r.size,
            bundle: r.bundle,
            identity: r.claims.identity,
            logIndex: logIndexOutput(r.logIndex),
            predicateType: r.predicateType,
        }))),
    };
}
/**
 * The longest word of a file name the table of files can hold (longestUnbreakableRun): beside
 * the result column, about 95 characters of code fit GitHub's 1012 px; with a longer one the
 * files are a list, which wraps anywhere.
 */
const LONGEST_NAME_IN_TABLE = 80;
/** Log lines name this many files of a group at most; the job summary names them all. */
const NAMES_IN_A_LOG_LINE = 20;
/** The file as shown, with the file it is a bundle of. */
function shownName(r) {
    return `${(0,log_text/* printableName */.Nt)(r.file.displayPath)}${r.bundleOf ? ` (a bundle of ${(0,log_text/* printableName */.Nt)(r.bundleOf)})` : ''}`;
}
function failureGroups(failed) {
    return groupFailures(failed, (r) => r.error, (r) => [r.file.displayPath, r.bundle ?? '', r.bundleOf ?? '']);
}
/** One failure message for the whole step: each cause once, with the files it failed. */
function verifyFailureMessage(report) {
    const failed = report.results.filter((r) => !r.ok);
    if (failed.length === 0)
        return undefined;
    const lines = failureGroups(failed).map((group) => `  - ${(0,wording/* listed */.KE)(group.items.map(shownName), NAMES_IN_A_LOG_LINE)}: ${(0,errors/* describeError */.Uc)(group.error)}`);
    return `${failed.length} of ${(0,wording/* counted */.hS)(report.results.length, 'file')} did not verify:\n${lines.join('\n')}`;
}
/**
 * The job summary, laid out to fit GitHub's page: what was required; a narrow table with a row
 * per file (its name and the result); below it each failure reason, whole and once per cause;
 * and, folded, what each verified bundle held (signer when they differ, bundle path when it is
 * not beside its file, log index, attestation type).
 */
/**
 * The command line's last line when every file verified; the release notes quote it as the
 * output to expect.
 */
function verifiedLine(files, otherBundles = 0) {
    return (`Verified ${(0,wording/* counted */.hS)(files, 'file')}` +
        (otherBundles ? ` and ${(0,wording/* counted */.hS)(otherBundles, 'more bundle')} of them.` : '.'));
}
function verifySummaryMarkdown(report) {
    const failed = report.results.filter((r) => !r.ok);
    const verified = report.results.filter((r) => r.ok);
    const total = (0,wording/* counted */.hS)(report.results.length, 'file');
    const lines = ['## Sigstore verification', ''];
    const release = report.release;
    if (release)
        lines.push(`Release ${(0,markdown/* code */.aY)(release.tag)} of ${(0,markdown/* code */.aY)(release.repository)}`, '');
    lines.push(failed.length === 0
        ? `**${report.results.length === 1 ? total : `All ${total}`} verified** against the trusted root of ${(0,markdown/* escapeMarkdown */.FV)(report.trustName)}.`
        : `**${failed.length} of ${total} did not verify** against the trusted root of ${(0,markdown/* escapeMarkdown */.FV)(report.trustName)}.`);
    lines.push('', `Required: ${describePolicy(report.policy)}` +
        (report.predicateType
            ? `; an in-toto attestation of type ${(0,markdown/* code */.aY)(report.predicateType)}`
            : ''));
    if (release && release.excluded.length > 0) {
        lines.push(`Not required (excluded by \`inputs\`): ${release.excluded.map(markdown/* code */.aY).join(', ')}`, '');
    }
    if (release?.downloadDirectory) {
        lines.push(`The assets that verified, with their bundles, are in ${(0,markdown/* code */.aY)(release.downloadDirectory)} (\`download-directory\`).`, '');
    }
    const signers = [...new Set(verified.map((r) => r.claims.identity ?? ''))];
    if (signers.length === 1) {
        lines.push('', `Signed by ${signers[0] ? (0,markdown/* code */.aY)(signers[0]) : 'a public key'}.`);
    }
    const groups = failureGroups(failed);
    const reasonOf = new Map(groups.flatMap((g, i) => g.items.map((r) => [r, i + 1])));
    const rows = report.results.map((r) => {
        const reason = reasonOf.get(r);
        const result = r.ok
            ? '✅ verified'
            : `❌ failed${groups.length > 1 && reason ? ` (${reason})` : ''}`;
        return { name: (0,markdown/* code */.aY)(r.file.displayPath), result };
    });
    const fitsTable = report.results.every((r) => (0,markdown/* longestUnbreakableRun */.ez)(r.file.displayPath) <= LONGEST_NAME_IN_TABLE);
    lines.push('', ...(fitsTable
        ? [
            '| File | Result |',
            '| --- | --- |',
            ...rows.map((r) => (0,markdown/* tableRow */.jD)([r.name, (0,markdown/* noWrap */.oA)(r.result)])),
        ]
        : rows.map((r) => `- ${r.name}: ${r.result}`)));
    if (failed.length > 0) {
        lines.push('', `### ${groups.length > 1 ? 'Why they failed' : 'Why it failed'}`, '');
        groups.forEach((group, i) => {
            const first = group.items[0];
            const of = first.bundleOf && group.items.length === 1 ? `A bundle of ${(0,markdown/* code */.aY)(first.bundleOf)}: ` : '';
            const text = `${of}${(0,markdown/* escapeMarkdown */.FV)(group.error.message)} (${group.error.code})`;
            lines.push(groups.length > 1 ? `${i + 1}. ${text}` : text);
        });
    }
    if (verified.length > 0)
        lines.push('', ...detailsOfVerified(report, verified, signers.length > 1));
    return lines.join('\n') + '\n';
}
/**
 * What each verified bundle held, folded: long values a table would stretch. The signer is
 * named here only when the files have different ones (else once, above the table), the bundle
 * only when it is not `<file>.sigstore.json` beside the file (else the name says it).
 */
function detailsOfVerified(report, verified, signerPerFile) {
    const suffix = report.predicateType ? ATTESTATION_SUFFIX : BUNDLE_SUFFIX;
    const items = verified.map((r) => {
        const parts = [
            ...(r.bundleOf ? [`a bundle of ${(0,markdown/* code */.aY)(r.bundleOf)}`] : []),
            ...(signerPerFile
                ? [r.claims.identity ? `signed by ${(0,markdown/* code */.aY)(r.claims.identity)}` : 'signed by a public key']
                : []),
            ...(r.bundle !== r.file.displayPath + suffix && !r.bundleOf
                ? [`bundle ${(0,markdown/* code */.aY)(r.bundle)}`]
                : []),
            ...(r.predicateType ? [`attestation ${(0,markdown/* code */.aY)(r.predicateType)}`] : []),
            ...(r.logIndex ? [`log index ${(0,markdown/* escapeMarkdown */.FV)(r.logIndex)}`] : []),
            `SHA-256 ${(0,markdown/* code */.aY)(r.sha256)}`,
        ];
        return `- ${(0,markdown/* code */.aY)(r.file.displayPath)}: ${parts.join(', ')}`;
    });
    return [
        `<details><summary>What the ${(0,wording/* counted */.hS)(verified.length, 'verified bundle')} held</summary>`,
        '',
        ...items,
        '',
        '</details>',
    ];
}
function describePolicy(policy) {
    const parts = [];
    if (policy.identity)
        parts.push(`identity ${(0,markdown/* code */.aY)(policy.identity)}`);
    if (policy.identityPattern)
        parts.push(`identity matching ${(0,markdown/* code */.aY)(`^(?:${policy.identityPattern.source})$`)}`);
    parts.push(`issuer ${(0,markdown/* code */.aY)(policy.issuer)}`);
    const rule = policy.sourceRepository;
    if (rule) {
        parts.push(`source repository ${(0,markdown/* code */.aY)(rule.repository)}` +
            (rule.origin === 'github-repository' ? '' : ` (the repository of ${rule.origin})`));
    }
    if (policy.anySourceRepository) {
        parts.push('**any source repository** (`allow-any-source-repository`: runs of other repositories, e.g. callers of a reusable workflow, are accepted)');
    }
    for (const [claim, value] of Object.entries(policy.claims)) {
        if (value)
            parts.push(`${claim} ${(0,markdown/* code */.aY)(value)}`);
    }
    return parts.join(', ');
}

;// CONCATENATED MODULE: ./build/publish/release-notes.js







/**
 * Up to this many files, each command names every file (and each single-file client gets a
 * command per file); beyond it, the commands are written once for a file `$f`, and the files are
 * listed once: the section's commands stay the same size whatever the release holds.
 */
const FILES_SPELLED_OUT = 3;
/**
 * The CLI package attached to release `v<version>` of this action's repository: one bundled
 * file, no dependencies (installing the repository itself pulls the whole development set-up).
 */
function cliPackageURL(repository, version) {
    return `https://github.com/${repository}/releases/download/v${version}/sigstore-action-cli-${version}.tgz`;
}
/** Where this project's README lives when the run does not say which action it was. */
const PROJECT_REPOSITORY = 'sigstore-action/sigstore-action';
/** README headings the notes link to, as GitHub anchors them (checked against README.md). */
const README_ANCHORS = {
    troubleshooting: 'troubleshooting',
    anotherRelease: 'another-releases-identity-or-bundle-policy_mismatch-bundle_mismatch',
    tampered: 'the-signature-does-not-match-signature_invalid',
};
/**
 * "Verify these files": for each kind of bundle, how to download a file with its bundle
 * (`gh release download`, pinned to the release's repository and tag), then exact commands for
 * this action's CLI, sigstore-python, cosign and, for SLSA provenance, gh, pinned to the
 * identity and the repository whose run signed, each with the output it prints when the file
 * verifies; then what that proves, what it does not, and where to look when it fails. Commands
 * are laid out to fit a code block (commandLines); every name in them is quoted (shellQuote),
 * every name in the text escaped (code, escapeMarkdown).
 */
function verificationSection(input) {
    const signer = {
        identity: input.identity,
        issuer: input.issuer,
        instance: input.instance,
        release: input.release,
        repository: input.issuer === verify_policy/* GITHUB_ACTIONS_ISSUER */.qQ && input.repository ? input.repository : undefined,
    };
    const groups = [
        ...(input.files.length > 0 ? [{ files: input.files, suffix: BUNDLE_SUFFIX }] : []),
        ...(input.attestations ?? []).map((group) => ({
            files: group.files,
            suffix: ATTESTATION_SUFFIX,
            predicateType: group.predicateType,
        })),
    ];
    const lines = ['## Verify these files', ''];
    if (groups.length === 0) {
        lines.push(`No bundle in this release verifies as signed by ${(0,markdown/* code */.aY)(input.identity)}: there is nothing to verify here yet.`);
        return withMarkers(lines.join('\n'));
    }
    lines.push(`These files were signed with [Sigstore](https://www.sigstore.dev/) by ${(0,markdown/* code */.aY)(input.identity)} ` +
        `(issuer ${(0,markdown/* code */.aY)(input.issuer)})` +
        (signer.repository ? ` in a workflow run of ${(0,markdown/* code */.aY)(signer.repository)}` : '') +
        '. Each command below checks exactly that signer' +
        (signer.repository ? ' and repository' : '') +
        `. Download with the [GitHub CLI](https://cli.github.com/), in an empty directory.` +
        (trustFlag(signer.instance).length > 0
            ? ' The commands read the trusted root of the Sigstore instance that signed from `trusted_root.json`: get it from its operator.'
            : ''));
    for (const group of groups)
        lines.push('', ...groupSection(group, signer, input.action));
    lines.push('', ...meaning(signer, input.action));
    return withMarkers(lines.join('\n'));
}
const word = (f) => ('name' in f ? shellQuote(f.name) : '"$f"');
const bundleWord = (f, suffix) => 'name' in f ? shellQuote(f.name + suffix) : `"$f${suffix}"`;
/**
 * A file as gh's --pattern, a glob (Go's filepath.Match: cli/cli
 * pkg/cmd/release/download/download.go, matchAny): `*`, `?`, `[` and `\\` in brackets, so it
 * matches the one asset. `$f` stays as it is: an asset's name as GitHub keeps it holds letters,
 * digits, `_`, `-` and `.` only.
 */
const patternWord = (f, suffix = '') => 'name' in f
    ? shellQuote((f.name + suffix).replace(/[*?[\\]/g, (c) => `[${c === '\\' ? '\\\\' : c}]`))
    : `"$f${suffix}"`;
function groupSection(group, signer, action) {
    const lines = [];
    const bundleName = (0,markdown/* code */.aY)(`<file>${group.suffix}`);
    if (group.predicateType !== undefined) {
        lines.push(`### Attestations: ${(0,markdown/* code */.aY)(group.predicateType)}`, '', `These files have an in-toto attestation of type ${(0,markdown/* code */.aY)(group.predicateType)}, ${bundleName}, in this release.`, '');
    }
    const spelledOut = group.files.length <= FILES_SPELLED_OUT;
    const files = spelledOut
        ? group.files.map((name) => ({ name }))
        : [{ variable: true }];
    const download = files.map((f) => {
        const patterns = ['--pattern', patternWord(f), '--pattern', patternWord(f, group.suffix)];
        return commandLines(['gh', 'release', 'download', shellQuote(signer.release.tag)].concat([
            '--repo',
            shellQuote(signer.release.repository),
        ]), 
        // The file and its bundle on one line, when they fit.
        fits(`  ${patterns.join(' ')}`) ? [patterns] : [patterns.slice(0, 2), patterns.slice(2)], { joinIfFits: true });
    });
    if (spelledOut) {
        lines.push(`**Download** ${files.length === 1 ? 'the file and its bundle' : 'each file and its bundle'} (${bundleName}):`, '', (0,markdown/* fencedBlock */.zW)('sh', download.join('\n')), '', `**Verify** ${files.length === 1 ? 'it' : 'them'} in that directory, with any of these:`);
    }
    else {
        lines.push(`The ${group.files.length} files: ${group.files.map((f) => (0,markdown/* code */.aY)(f)).join(', ')}.`, '', `**Download** a file and its bundle (${bundleName}): set \`f\` to the name of the file you need.`, '', (0,markdown/* fencedBlock */.zW)('sh', [`f=${shellQuote(group.files[0])}`, ...download].join('\n')), '', '**Verify** it in that directory, with any of these:');
    }
    for (const client of clients(group, files, signer, action)) {
        lines.push('', client.title, '', (0,markdown/* fencedBlock */.zW)('sh', client.commands.join('\n\n')), '', client.expect);
    }
    return lines;
}
/** The commands of each client that can verify this group, pinned to the signer. */
function clients(group, files, signer, action) {
    const id = shellQuote(signer.identity);
    const iss = shellQuote(signer.issuer);
    const repo = signer.repository && shellQuote(signer.repository);
    const type = group.predicateType && shellQuote(group.predicateType);
    const trust = trustFlag(signer.instance);
    const words = files.map(word);
    const result = [
        {
            title: "**sigstore-action** (this release's signing action, as a command line" +
                (action
                    ? `: ${(0,markdown/* code */.aY)(`npm install --global ${cliPackageURL(action.repository, action.version)}`)}`
                    : '') +
                ')',
            commands: [
                commandLines(['sigstore-action', 'verify', ...words], [
                    ...(type ? [['--predicate-type', type]] : []),
                    ...(trust.length > 0 ? [trust] : []),
                    ['--cert-identity', id],
                    ['--cert-oidc-issuer', iss],
                    ...(repo ? [['--github-repository', repo]] : []),
                ]),
            ],
            // resultLine (verify/run.ts) for each file, then the CLI's last line.
            expect: `It prints an \`OK\` line naming the signer${files.length === 1 ? '' : ' for each file'}, then ${(0,markdown/* code */.aY)(verifiedLine(files.length))}`,
        },
    ];
    if (!type && (signer.instance === 'public-good' || signer.instance === 'staging')) {
        // `verify github` fixes the issuer and checks --repository (sigstore/_cli.py); `--staging`
        // is an option of `sigstore` itself, before the subcommand.
        const staging = signer.instance === 'staging' ? ['--staging'] : [];
        const ok = files.map((f) => (0,markdown/* code */.aY)(`OK: ${'name' in f ? f.name : '<file>'}`));
        result.push({
            title: '**sigstore-python** (`pip install sigstore`)',
            commands: [
                signer.issuer === verify_policy/* GITHUB_ACTIONS_ISSUER */.qQ
                    ? commandLines(['sigstore', ...staging, 'verify', 'github', ...words], [['--cert-identity', id], ...(repo ? [['--repository', repo]] : [])])
                    : commandLines(['sigstore', ...staging, 'verify', 'identity', ...words], [
                        ['--cert-identity', id],
                        ['--cert-oidc-issuer', iss],
                    ]),
            ],
            // sigstore/_cli.py (_verify_identity, _verify_github): `OK: <file>` on standard error.
            expect: `It prints ${ok.join(' and ')} (on standard error).`,
        });
    }
    if (signer.instance !== 'staging') {
        // One file per command; cosign prints `Verified OK` on standard error when it verifies.
        result.push({
            title: '**cosign**',
            commands: files.map((f) => commandLines([
                'cosign',
                type ? 'verify-blob-attestation' : 'verify-blob',
                word(f),
                '--bundle',
                bundleWord(f, group.suffix),
            ], [
                ['--new-bundle-format', ...(type ? ['--type', type] : [])],
                ...(trust.length > 0 ? [trust] : []),
                ['--certificate-identity', id],
                ['--certificate-oidc-issuer', iss],
                ...(repo ? [['--certificate-github-workflow-repository', repo]] : []),
            ])),
            expect: `${files.length === 1 ? 'It prints' : 'Each command prints'} ${(0,markdown/* code */.aY)('Verified OK')} (on standard error).`,
        });
    }
    if (group.predicateType === attest_statement/* SLSA_PROVENANCE_V1 */.us &&
        signer.instance === 'public-good' &&
        signer.issuer === verify_policy/* GITHUB_ACTIONS_ISSUER */.qQ &&
        repo) {
        result.push({
            title: '**GitHub CLI** (`gh attestation verify`)',
            commands: files.map((f) => commandLines(['gh', 'attestation', 'verify', word(f), '--bundle', bundleWord(f, group.suffix)], [
                ['--repo', repo],
                ['--cert-identity', id],
            ])),
            expect: `${files.length === 1 ? 'It prints' : 'Each command prints'} ${(0,markdown/* code */.aY)('✓ Verification succeeded!')}, then the attestation it checked.`,
        });
    }
    return result;
}
/** What a passing check proves and what it does not, and where to look when it fails. */
function meaning(signer, action) {
    const readme = (anchor) => action
        ? `https://github.com/${action.repository}/blob/${action.ref ?? `v${action.version}`}/README.md#${anchor}`
        : `https://github.com/${PROJECT_REPOSITORY}#${anchor}`;
    const where = signer.repository ? ` in a run of ${(0,markdown/* code */.aY)(signer.repository)}` : '';
    return [
        '### What a passing check proves',
        '',
        `Each file is, byte for byte, a file that ${(0,markdown/* code */.aY)(signer.identity)} signed${where}, with a ` +
            'short-lived certificate of the Sigstore instance, at a time that its transparency log or ' +
            'timestamp authority vouches for; an attestation, that this signer made its statement about ' +
            'the file. It does not prove:',
        '',
        '- that the source is free of bugs or of malicious changes: it says who built and signed the file, not what the file does;',
        '- that the build used that source only: a workflow step can download or change anything before signing;',
        `- where you downloaded the file from, nor that this page is the project's: a copy from anywhere verifies the same. Check that the identity names the repository and workflow you mean to trust${signer.repository ? ` (${(0,markdown/* code */.aY)(signer.repository)})` : ''}, not a look-alike.`,
        '',
        '### If a check fails',
        '',
        `- ${(0,markdown/* code */.aY)('signed by …, expected …')}: the identity in the command is not the bundle's. Most often the commands come from another release's notes (the identity ends with its tag; ${(0,markdown/* code */.aY)(signer.release.tag)} here): use the notes of the release the file came from (${(0,markdown/* link */.nf)('another release', readme(README_ANCHORS.anotherRelease))}).`,
        `- ${(0,markdown/* code */.aY)('the bundle is for a different file')}: the file and its bundle come from different releases, or the file changed after it was signed: download both from this release again (${(0,markdown/* link */.nf)('another release', readme(README_ANCHORS.anotherRelease))}).`,
        `- ${(0,markdown/* code */.aY)('the signature does not match')}: the bundle was altered, or its signature is of other bytes (${(0,markdown/* link */.nf)('a signature that does not match', readme(README_ANCHORS.tampered))}).`,
        '',
        `Every message of sigstore-action is explained in its ${(0,markdown/* link */.nf)('Troubleshooting', readme(README_ANCHORS.troubleshooting))} section.`,
    ];
}
/** A continued line of a command fits a code block. */
function fits(line) {
    return line.length + 2 <= COMMAND_WIDTH;
}
/** The trusted root option: none for public-good, whose root every client knows. */
function trustFlag(instance) {
    if (instance === 'public-good')
        return [];
    if (instance === 'staging')
        return ['--staging'];
    return ['--trusted-root', 'trusted_root.json'];
}
/*
 * The section is found again by its markers, so that a re-run replaces it instead of adding a
 * second one. The body around it is not ours: it may hold pull request titles (generated release
 * notes) or another tool's text, so a marker can be forged. A forged marker must not make the
 * section grow over the text around it, split it, or keep a section this action did not write
 * alive across a re-run under our markers.
 *
 * So a marker counts only as a whole line, and the start marker carries the SHA-256 of the
 * section's content: the lines up to the end marker, each without its trailing white space (so
 * that GitHub's editor turning line ends into CRLF changes nothing). A section is ours when its
 * start marker's digest is that of the lines between it and the next marker line, and that line
 * is an end marker. Only such sections are removed, so text is only ever removed when the marker
 * committed to every byte of it: a forged start or end marker cannot delimit the text after or
 * before it. Every section that checks out is removed and the new one takes the place of the
 * first, so a copied or forged section does not survive either. Any other marker line (forged,
 * unbalanced, edited) is dropped, an invisible HTML comment, and the text around it stays. The
 * untrusted text inside our section (names, identities, predicate types) has no line break and
 * never starts a line, so it cannot hold a marker line. Someone who can write whole lines into
 * the body and knows beforehand every byte of the text they want gone could still mark it as a
 * section: they could as well delete it.
 */
const SECTION_START_PREFIX = '<!-- sigstore-action: verification';
const SECTION_END = '<!-- /sigstore-action: verification -->';
const END_PREFIX = '<!-- /sigstore-action: verification';
function withMarkers(content) {
    const digest = contentDigest(content.split('\n'));
    return `${SECTION_START_PREFIX} sha256:${digest} (replaced on each run) -->\n${content}\n${SECTION_END}`;
}
function contentDigest(lines) {
    return (0,external_node_crypto_.createHash)('sha256')
        .update(lines.map((line) => line.trimEnd()).join('\n'))
        .digest('hex');
}
function markerKind(line) {
    const text = line.trim();
    if (!text.endsWith('-->'))
        return undefined;
    if (text.startsWith(SECTION_START_PREFIX))
        return 'start';
    if (text.startsWith(END_PREFIX))
        return 'end';
    return undefined;
}
/**
 * The release body with the section replaced (or appended); the rest stays as it was, but for
 * marker lines that delimit no section of ours, which are dropped.
 */
function withVerificationSection(body, section) {
    // Lines with their line ends, so that the text around the section keeps its bytes.
    const lines = body.match(/[^\n]*\n|[^\n]+$/g) ?? [];
    const text = (i) => lines[i].replace(/\r?\n$/, '');
    const kinds = lines.map((_, i) => markerKind(text(i)));
    const kept = [];
    let replaced = false;
    for (let i = 0; i < lines.length; i++) {
        const kind = kinds[i];
        if (kind === undefined) {
            kept.push(lines[i]);
            continue;
        }
        if (kind === 'start') {
            const end = kinds.findIndex((k, j) => j > i && k !== undefined);
            const digest = /\bsha256:([0-9a-f]{64})\b/.exec(text(i))?.[1];
            const content = lines.slice(i + 1, end).map((_, j) => text(i + 1 + j));
            if (end > i && kinds[end] === 'end' && digest === contentDigest(content)) {
                if (!replaced)
                    kept.push(section + lines[end].slice(text(end).length));
                replaced = true;
                i = end;
            }
        }
        // Otherwise a marker that delimits nothing of ours: dropped.
    }
    const rest = kept.join('');
    if (replaced)
        return rest;
    const trimmed = rest.replace(/\s+$/, '');
    return trimmed ? `${trimmed}\n\n${section}\n` : `${section}\n`;
}

;// CONCATENATED MODULE: ./build/publish/notes-update.js
/**
 * The release notes' "Verify these files" section, written after the bundles are attached, and
 * only with what this run verified. Whoever can upload a release asset (another workflow, a
 * leaked token, a compromised job) can attach a `<name>.sigstore.json` or an attestation that
 * claims any predicate type; the notes say "signed by <this identity>", so a bundle is listed
 * only once it VERIFIES, against the instance's trusted root, as signed by the identity and
 * issuer this run signed as (another leg of the same matrix does). An attestation's predicate
 * type is taken from the verification's result, never from the unverified statement. A bundle
 * that does not verify is left out of the notes, and named in a warning.
 */









/** How many times the notes are rewritten when another job attached bundles meanwhile. */
const NOTES_ATTEMPTS = 3;
/**
 * Writes the section, listing every bundle in the release that verifies (so matrix jobs that
 * attach to one release end up with one section naming all their files). If other bundles
 * appeared while writing, the section is written again.
 */
async function writeNotes(api, release, signer, evidence) {
    const policy = {
        identity: signer.identity,
        issuer: signer.issuer,
        claims: {},
        // The same workflow run from another repository (a reusable workflow's caller) is not us.
        ...(signer.issuer === verify_policy/* GITHUB_ACTIONS_ISSUER */.qQ && signer.repository
            ? { sourceRepository: { repository: signer.repository, origin: 'cert-identity' } }
            : {}),
    };
    const verifier = evidence.trustedRoot && new BundleVerifier(evidence.trustedRoot);
    // Each bundle is downloaded and verified once (by asset id, which a replaced asset changes).
    const checked = new Map();
    const vouch = (asset) => {
        if (!verifier)
            return Promise.resolve(evidence.own.get(asset.name));
        if (!checked.has(asset.id))
            checked.set(asset.id, verifiedBundle(api, asset, verifier, policy));
        return checked.get(asset.id);
    };
    for (let attempt = 1; attempt <= NOTES_ATTEMPTS; attempt++) {
        const before = await bundlesIn(api, release);
        const listed = await listable(before, vouch);
        const current = await api.get(release.id);
        const section = verificationSection({
            ...signer,
            ...listed,
            release: { tag: release.tagName, repository: api.repository },
        });
        const body = withVerificationSection(current.body, section);
        if (body !== current.body)
            await api.updateBody(release.id, body);
        const after = await bundlesIn(api, release);
        if (after.key === before.key || attempt === NOTES_ATTEMPTS) {
            const attested = listed.attestations.reduce((n, group) => n + group.files.length, 0);
            core/* info */.pq(`Release ${(0,log_text/* printableName */.Nt)(release.tagName)}: notes list ${(0,wording/* counted */.hS)(listed.files.length, 'signed file')}` +
                (attested ? ` and ${(0,wording/* counted */.hS)(attested, 'attestation')}` : ''));
            if (listed.leftOut.length > 0) {
                core/* warning */.$e(`the release notes leave out ${(0,wording/* counted */.hS)(listed.leftOut.length, 'bundle')} of ${(0,log_text/* printableName */.Nt)(release.tagName)} that ` +
                    (verifier
                        ? `do not verify as signed by ${(0,log_text/* printable */.g$)(signer.identity)}`
                        : 'this run did not attach (without a trusted root, nothing else can be verified)') +
                    `: ${listed.leftOut.map(log_text/* printableName */.Nt).join(', ')}`);
            }
            return;
        }
    }
}
async function bundlesIn(api, release) {
    const assets = await api.listAssets(release.id);
    const bundles = assets
        .filter((a) => a.name.endsWith(BUNDLE_SUFFIX))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return {
        bundles,
        names: new Set(assets.map((a) => a.name)),
        key: bundles.map((a) => `${a.id} ${a.name}`).join('\n'),
    };
}
/**
 * What the section may list: the files whose signatures verified, the attested files by their
 * verified predicate type, and the names of the bundles left out. `x.intoto.sigstore.json` is
 * the attestation of `x`, unless it is the signature of a file named `x.intoto` in the release;
 * either way, its content must be that kind of bundle.
 */
async function listable({ bundles, names }, vouch) {
    const files = [];
    const groups = new Map();
    const leftOut = [];
    for (const asset of bundles) {
        const isAttestation = asset.name.endsWith(ATTESTATION_SUFFIX) &&
            !names.has(asset.name.slice(0, -BUNDLE_SUFFIX.length));
        const found = await vouch(asset);
        if (found?.kind === 'attestation' && isAttestation) {
            const file = asset.name.slice(0, -ATTESTATION_SUFFIX.length);
            groups.set(found.predicateType, [...(groups.get(found.predicateType) ?? []), file]);
        }
        else if (found?.kind === 'signature' && !isAttestation) {
            files.push(asset.name.slice(0, -BUNDLE_SUFFIX.length));
        }
        else {
            leftOut.push(asset.name);
        }
    }
    const attestations = [...groups].map(([predicateType, attested]) => ({
        predicateType,
        files: attested,
    }));
    return { files, attestations, leftOut };
}
/** Downloads a bundle asset and verifies it for the policy; undefined when it does not verify. */
async function verifiedBundle(api, asset, verifier, policy) {
    try {
        const bundle = parseBundle(JSON.parse((await api.download(asset)).toString('utf8')));
        const claimed = claimedContent(bundle);
        if (!claimed)
            return undefined;
        const verified = verifier.verify(bundle, { digests: { sha256: claimed.sha256 } }, { kind: 'identity', policy }, { predicateType: claimed.predicateType });
        if (bundle.content.$case === 'messageSignature')
            return { kind: 'signature' };
        return verified.predicateType
            ? { kind: 'attestation', predicateType: verified.predicateType }
            : undefined;
    }
    catch {
        return undefined;
    }
}
/**
 * What a bundle says it signs, read BEFORE verification only to ask the verifier to check
 * exactly that: the SHA-256 digest (of the message, or of the statement's first subject), and an
 * attestation's predicate type. The verifier passes the bundle only if its signature covers them.
 */
function claimedContent(bundle) {
    if (bundle.content.$case === 'messageSignature') {
        const digest = bundle.content.messageSignature.messageDigest;
        return digest?.algorithm === protobuf_specs_dist.HashAlgorithm.SHA2_256 ? { sha256: digest.digest } : undefined;
    }
    const statement = (0,attest_statement/* envelopeStatement */.s4)(bundle.content.dsseEnvelope);
    const sha256 = statement.subject?.[0]?.digest?.sha256;
    if (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/i.test(sha256))
        return undefined;
    if (typeof statement.predicateType !== 'string')
        return undefined;
    return { sha256: Buffer.from(sha256, 'hex'), predicateType: statement.predicateType };
}

;// CONCATENATED MODULE: ./build/publish/run.js










/**
 * Hands the bundles over where users look: a workflow artifact, the GitHub Release, its notes.
 * Runs only after every file was signed: a release is never left half signed by this step.
 */
async function publishSigned(report, config, deps) {
    const signed = report.outcome.signed;
    const bundles = signed.map((s) => s.target.bundlePath);
    let artifact;
    let release;
    if (config.artifact && deps.artifacts) {
        const files = config.artifact.includeFiles
            ? signed.flatMap((s) => [s.target.path, s.target.bundlePath])
            : bundles;
        const uploaded = await deps.artifacts.upload(config.artifact.name, files, (0,artifact_name/* commonDirectory */.hH)(files));
        artifact = { id: uploaded.id, name: config.artifact.name, url: deps.artifactURL(uploaded.id) };
        core/* info */.pq(`Uploaded ${(0,wording/* counted */.hS)(files.length, 'file')} as the artifact ${(0,log_text/* printableName */.Nt)(artifact.name)} (${(0,log_text/* printableName */.Nt)(artifact.url)})`);
    }
    if (config.release && deps.releases) {
        const api = deps.releases;
        const target = await findRelease(api, config.release.tag);
        const assets = await attachBundles(api, target, bundles, {
            overwrite: config.overwrite,
            equivalent: deps.trustedRoot
                ? equivalentBundle(deps.trustedRoot, signed, report.attestation?.predicateType)
                : undefined,
        });
        if (config.release.notes && signed[0]) {
            const attestation = report.attestation;
            await writeNotes(api, target, {
                identity: signed[0].identity,
                issuer: signed[0].issuer ?? verify_policy/* GITHUB_ACTIONS_ISSUER */.qQ,
                instance: report.instance.kind,
                // The run that signed; the release's repository when the certificate names none.
                repository: signed[0].sourceRepository ?? api.repository,
                action: deps.action,
            }, {
                trustedRoot: deps.trustedRoot,
                own: new Map(assets.map((a) => [
                    a.name,
                    attestation
                        ? { kind: 'attestation', predicateType: attestation.predicateType }
                        : { kind: 'signature' },
                ])),
            });
        }
        release = { tag: target.tagName, url: target.htmlURL, assets, notes: config.release.notes };
    }
    return { artifact, release };
}
/**
 * The release of a tag, drafts included when the token can see them. `purpose` only changes the
 * advice: a signing job should create the release first; a verifying one has the wrong tag,
 * repository, or a token that cannot see a draft.
 */
async function findRelease(api, tag, purpose = 'attach') {
    const release = await api.findByTag(tag);
    if (!release) {
        throw new errors/* ActionError */.lZ('RELEASE_NOT_FOUND', purpose === 'attach'
            ? `${api.repository} has no release for the tag ${tag} (drafts included); create it before this step ` +
                `(e.g. \`gh release create ${tag} --draft\`), or set release-tag. A draft is only visible to a token with contents: write.`
            : `${api.repository} has no release for the tag ${tag} that this token can see; check release-tag and repository. ` +
                'A draft release is only visible to a token with contents: write: verify it once it is published, or pass such a github-token.');
    }
    return release;
}
/**
 * An existing release bundle is equivalent to ours when it signs the same file digest and
 * verifies, against the instance's trusted root, for the identity and issuer we signed as (and,
 * for attestations, is one of the same predicate type: a re-run's provenance differs in its
 * run attempt, and is as good).
 */
function equivalentBundle(trustedRoot, signed, predicateType) {
    const verifier = new BundleVerifier(trustedRoot);
    return (existing, ours) => {
        try {
            const mine = parseBundle(JSON.parse(ours.toString('utf8')));
            const theirs = parseBundle(JSON.parse(existing.toString('utf8')));
            if (mine.content.$case !== theirs.content.$case)
                return false;
            // Our own bundle says which file it is for: its digest, or its statement's one subject.
            const statement = mine.content.$case === 'dsseEnvelope'
                ? (0,attest_statement/* envelopeStatement */.s4)(mine.content.dsseEnvelope)
                : undefined;
            const digest = mine.content.$case === 'messageSignature'
                ? mine.content.messageSignature.messageDigest.digest.toString('hex')
                : statement?.subject[0].digest.sha256;
            const file = signed.find((s) => s.sha256 === digest);
            if (!file)
                return false;
            const sha256 = Buffer.from(file.sha256, 'hex');
            verifier.verify(theirs, { digests: { sha256 } }, {
                kind: 'identity',
                policy: {
                    identity: file.identity,
                    issuer: file.issuer ?? verify_policy/* GITHUB_ACTIONS_ISSUER */.qQ,
                    claims: {},
                    // Ours only if signed in the repository of our own run.
                    ...(file.sourceRepository
                        ? { sourceRepository: { repository: file.sourceRepository, origin: 'cert-identity' } }
                        : {}),
                },
            }, { predicateType });
            // An attestation must also say the same: a changed predicate (a new scan of the same
            // file) is new content, not a re-run's copy. Read only now that theirs has verified.
            if (theirs.content.$case === 'dsseEnvelope') {
                return (0,attest_statement/* sameAttestation */.Fb)(statement, (0,attest_statement/* envelopeStatement */.s4)(theirs.content.dsseEnvelope));
            }
            return true;
        }
        catch {
            return false;
        }
    };
}

;// CONCATENATED MODULE: ./build/publish/preflight.js





/**
 * What publishing will need, checked BEFORE anything is signed: names the artifact service and
 * GitHub keep as they are, and a release that exists and still takes assets. Publishing runs
 * after signing, so without this a missing release or a name GitHub rewrites would leave a run
 * with every bundle written and signed into the log, and nothing published. The signing run
 * calls it with its own plan (SignEnvironment.beforeSigning), before its first request.
 */
async function preflightPublish(targets, publish, releases) {
    if (!publish.artifact && !publish.release)
        return undefined;
    const problems = [
        ...(publish.artifact ? artifactProblems(targets, publish.artifact.includeFiles) : []),
        ...(publish.release ? assetNameProblems(targets) : []),
    ];
    if (problems.length === 1)
        throw problems[0];
    if (problems.length > 1) {
        throw new errors/* AggregateActionError */.Gs(problems[0].code, `${problems.length} files cannot be published under their names (nothing was signed):`, problems);
    }
    if (!publish.release || !releases)
        return undefined;
    const release = await findRelease(releases, publish.release.tag);
    if (release.immutable)
        throw immutableError(release);
    return release;
}
/**
 * A release asset is named after the bundle's file name. GitHub rewrites names with control
 * characters (and `\` is a path separator on Windows): the asset would not be called what the
 * bundle is, and nobody could find it by the signed file's name.
 */
function assetNameProblems(targets) {
    const problems = [];
    for (const target of targets) {
        const name = external_node_path_.basename(target.bundlePath);
        const control = (0,artifact_name/* controlCharacter */.TL)(name);
        const what = control
            ? `a control character (${control})`
            : name.includes('\\')
                ? 'a path separator ("\\")'
                : undefined;
        if (what) {
            problems.push(new errors/* ActionError */.lZ('ASSET_NAME_INVALID', `release-signing-artifacts: the bundle of ${JSON.stringify(target.displayPath)} would be the release asset ${JSON.stringify(name)}, whose name has ${what}, which GitHub does not keep in asset names; rename the file, or leave it out of inputs (e.g. with "!").`));
        }
    }
    return problems;
}
/** Files whose path inside the workflow artifact the artifact service would refuse. */
function artifactProblems(targets, includeFiles) {
    const files = includeFiles
        ? targets.flatMap((t) => [t.path, t.bundlePath])
        : targets.map((t) => t.bundlePath);
    const root = (0,artifact_name/* commonDirectory */.hH)(files);
    const problems = [];
    for (const file of files) {
        const inArtifact = external_node_path_.relative(root, file);
        const problem = (0,artifact_name/* artifactPathProblem */.JP)(inArtifact);
        if (problem) {
            problems.push(new errors/* ActionError */.lZ('ASSET_NAME_INVALID', `upload-signing-artifacts: ${JSON.stringify(inArtifact)} cannot be put in a workflow artifact, because its name contains ${problem} (the artifact service refuses " : < > | * ? and control characters in file names); rename the file, or leave it out of inputs (e.g. with "!").`));
        }
    }
    return problems;
}

;// CONCATENATED MODULE: ./build/report/publish-report.js


/** The job summary's lines about where the bundles went. */
function publishSummaryMarkdown(report) {
    const lines = [];
    if (report.artifact) {
        lines.push(`- Workflow artifact ${(0,markdown/* link */.nf)(report.artifact.name, report.artifact.url)} (id ${report.artifact.id})`);
    }
    if (report.release) {
        const counts = new Map();
        for (const asset of report.release.assets)
            counts.set(asset.outcome, (counts.get(asset.outcome) ?? 0) + 1);
        const described = [...counts].map(([outcome, n]) => `${n} ${outcome}`).join(', ');
        lines.push(`- Release ${(0,markdown/* link */.nf)(report.release.tag, report.release.url)}: ${(0,wording/* counted */.hS)(report.release.assets.length, 'bundle')} attached (${described || 'none'})` +
            (report.release.notes ? `; the notes have a ${(0,markdown/* code */.aY)('Verify these files')} section` : ''));
    }
    return lines.length ? `\n### Published\n\n${lines.join('\n')}\n` : '';
}

;// CONCATENATED MODULE: ./build/report/sign-report.js









function signOutputs(report) {
    const signed = report.outcome.signed;
    return {
        bundles: JSON.stringify(signed.map((s) => s.target.bundleDisplayPath)),
        identity: signed[0]?.identity ?? '',
        results: JSON.stringify(signed.map(resultEntry)),
    };
}
function resultEntry(file) {
    return {
        path: file.target.displayPath,
        sha256: file.sha256,
        size: file.size,
        bundle: file.target.bundleDisplayPath,
        logIndex: logIndexOutput(file.logIndex),
    };
}
/**
 * The longest word of a file name the table of files can hold (longestUnbreakableRun): beside
 * the result and log index columns, about 80 characters of code fit GitHub's 1012 px; with a
 * longer one the files are a list, which wraps anywhere.
 */
const sign_report_LONGEST_NAME_IN_TABLE = 64;
/** Log lines name this many files of a group at most; the job summary names them all. */
const sign_report_NAMES_IN_A_LOG_LINE = 20;
/**
 * The step's failure message when some files were not signed (undefined when all were): each
 * cause once, with the files it failed (a service outage fails every file in flight alike).
 */
function signFailureMessage(report, secrets) {
    const { failed, skipped } = report.outcome;
    if (failed.length === 0)
        return undefined;
    const causes = sign_report_failureGroups(failed).map((group) => {
        const names = group.items.map((f) => (0,log_text/* printableName */.Nt)(f.target.displayPath));
        return `  - ${(0,wording/* listed */.KE)(names, sign_report_NAMES_IN_A_LOG_LINE)}: ${(0,errors/* describeError */.Uc)(group.error, secrets)}`;
    });
    return (`${(0,wording/* counted */.hS)(failed.length, 'file')} could not be signed` +
        (skipped.length ? ` (${skipped.length} more not attempted)` : '') +
        `:\n${causes.join('\n')}`);
}
function sign_report_failureGroups(failed) {
    return groupFailures(failed, (f) => f.error, (f) => [f.target.displayPath, f.target.bundleDisplayPath]);
}
/**
 * The job summary, as Markdown, laid out to fit GitHub's page: who signed, once; a narrow table
 * with a row per file (its name, the result, the log index); below it what is long (each failure
 * reason, whole and once per cause, the logs' URLs) and, folded, what few need (digests, bundle
 * paths that are not beside their files); then commands a user can paste to verify.
 */
function signSummaryMarkdown(report) {
    const { signed, failed, skipped } = report.outcome;
    const attestation = report.attestation;
    const lines = [attestation ? '## Sigstore attestations' : '## Sigstore signatures', ''];
    const identity = signed[0]?.identity;
    const issuer = signed[0]?.issuer ?? verify_policy/* GITHUB_ACTIONS_ISSUER */.qQ;
    if (failed.length === 0) {
        lines.push(`${attestation ? 'Attested' : 'Signed'} **${(0,wording/* counted */.hS)(signed.length, 'file')}** with ${(0,markdown/* escapeMarkdown */.FV)(report.instance.name)} (${servicesText(report)}).`);
    }
    else {
        lines.push(`**Signing failed.** ${signed.length} of ${(0,wording/* counted */.hS)(report.targets.length, 'file')} signed; ${failed.length} failed, ${skipped.length} not attempted.`);
    }
    if (attestation) {
        lines.push('', `Each file is the subject of an in-toto statement of type ${(0,markdown/* code */.aY)(attestation.predicateType)}, signed as a DSSE bundle.`);
    }
    if (identity)
        lines.push('', `- Signer identity: ${(0,markdown/* code */.aY)(identity)}`, `- Issuer: ${(0,markdown/* code */.aY)(issuer)}`);
    const retries = report.network.describeRetries();
    if (retries) {
        lines.push('', `Requests retried after transient failures: ${retries}.`);
    }
    const groups = sign_report_failureGroups(failed);
    const reasonOf = new Map(groups.flatMap((g, i) => g.items.map((f) => [f.target, groups.length > 1 ? i + 1 : 0])));
    const logs = logColumn(report);
    const signedByTarget = new Map(signed.map((s) => [s.target, s]));
    const rows = report.targets.map((target) => {
        const file = signedByTarget.get(target);
        const reason = reasonOf.get(target);
        const result = file
            ? `✅ ${attestation ? 'attested' : 'signed'}`
            : reason !== undefined
                ? `❌ failed${reason ? ` (${reason})` : ''}`
                : '⏸️ not attempted';
        return { name: (0,markdown/* code */.aY)(target.displayPath), result, log: file ? logs.cell(file) : '' };
    });
    const fitsTable = report.targets.every((t) => (0,markdown/* longestUnbreakableRun */.ez)(t.displayPath) <= sign_report_LONGEST_NAME_IN_TABLE);
    lines.push('', ...(fitsTable
        ? [
            '| File | Result | Log&nbsp;index |',
            '| --- | --- | --- |',
            ...rows.map((r) => (0,markdown/* tableRow */.jD)([r.name, (0,markdown/* noWrap */.oA)(r.result), (0,markdown/* noWrap */.oA)(r.log)])),
        ]
        : rows.map((r) => `- ${r.name}: ${r.result}${r.log ? `, log index ${r.log}` : ''}`)));
    if (logs.legend)
        lines.push('', logs.legend);
    if (failed.length > 0) {
        lines.push('', `### ${groups.length > 1 ? 'Why they failed' : 'Why it failed'}`, '');
        groups.forEach((group, i) => {
            const text = `${(0,markdown/* escapeMarkdown */.FV)(group.error.message)} (${group.error.code})`;
            lines.push(groups.length > 1 ? `${i + 1}. ${text}` : text);
        });
        if (skipped.length > 0) {
            lines.push('', `Signing stops at the first failure: ${(0,wording/* counted */.hS)(skipped.length, 'file')} ${(0,wording/* noun */.jB)(skipped.length, 'was', 'were')} not attempted.`);
        }
    }
    if (signed.length > 0)
        lines.push('', ...detailsOfSigned(report));
    if (identity && signed.length > 0) {
        lines.push('', '### Verify', '', verifyCommands(report, identity, issuer));
    }
    return lines.join('\n') + '\n';
}
/** The bundle name sign mode gives a file when it writes the bundle beside it. */
function besideItsFile(report, target) {
    const suffix = report.attestation ? ATTESTATION_SUFFIX : BUNDLE_SUFFIX;
    return target.bundlePath === target.path + suffix;
}
/**
 * Where the bundles are, and each file's SHA-256, in a folded block: long values that a table
 * would stretch, and that most readers do not need. A bundle beside its file is not named again
 * (its name is the file's and the suffix).
 */
function detailsOfSigned(report) {
    const { signed } = report.outcome;
    const suffix = report.attestation ? ATTESTATION_SUFFIX : BUNDLE_SUFFIX;
    const beside = signed.filter((s) => besideItsFile(report, s.target)).length;
    const where = beside === signed.length
        ? `Each bundle is written beside its file, as ${(0,markdown/* code */.aY)(`<file>${suffix}`)}.`
        : beside === 0
            ? 'The bundles are written where the list below says.'
            : `The bundles are written beside their files, as ${(0,markdown/* code */.aY)(`<file>${suffix}`)}, but where the list below says.`;
    const items = signed.map((s) => {
        const bundle = besideItsFile(report, s.target)
            ? ''
            : `, bundle ${(0,markdown/* code */.aY)(s.target.bundleDisplayPath)}`;
        return `- ${(0,markdown/* code */.aY)(s.target.displayPath)}${bundle}: SHA-256 ${(0,markdown/* code */.aY)(s.sha256)}`;
    });
    return [
        where,
        '',
        `<details><summary>SHA-256 digests${beside === signed.length ? '' : ' and bundle paths'}</summary>`,
        '',
        ...items,
        '',
        '</details>',
    ];
}
/** "Rekor v1 + timestamp authority", "2 Rekor v2 logs + 2 timestamp authorities". */
function servicesText(report) {
    const { logs, tsaURLs } = report.services;
    const versions = [...new Set(logs.map((l) => `v${l.majorApiVersion}`))].join('/');
    const text = logs.length === 1 ? `Rekor ${versions}` : `${logs.length} Rekor ${versions} logs`;
    if (tsaURLs.length === 0)
        return text;
    return `${text} + ${tsaURLs.length === 1 ? 'timestamp authority' : (0,wording/* counted */.hS)(tsaURLs.length, 'timestamp authority', 'timestamp authorities')}`;
}
/**
 * The log index column, and the line under the table that names the logs: a URL is too long
 * for a column. With one log the cell is the index; with several (Rekor v2 signs into more than
 * one), each index says which log, by its number in that line; an entry of a log the trusted
 * root does not name says so. An index links to the instance's
 * search UI where it can show the entry: search.sigstore.dev and search.sigstage.dev look up an
 * index in their instance's Rekor v1 log only, so an entry of another log (a Rekor v2 log, whose
 * indexes are unrelated) must not link there.
 */
function logColumn(report) {
    const described = new Map();
    const logs = [];
    let linked = false;
    for (const file of report.outcome.signed) {
        const entries = file.bundle.verificationMaterial.tlogEntries.map((entry) => {
            const log = entryLogURL(report, entry);
            if (log !== undefined && !logs.some((l) => sameURL(l, log)))
                logs.push(log);
            const searchable = isSearchable(report, entry, log);
            linked ||= searchable;
            return { index: entry.logIndex, log, searchable };
        });
        described.set(file, entries);
    }
    const search = report.instance.search;
    const cell = (file) => {
        const entries = described.get(file) ?? [];
        if (entries.length === 0)
            return (0,markdown/* escapeMarkdown */.FV)(file.logIndex);
        return entries
            .map(({ index, log, searchable }) => {
            const text = searchable && search ? (0,markdown/* link */.nf)(index, search.entryURL(index)) : (0,markdown/* escapeMarkdown */.FV)(index);
            if (log === undefined)
                return logs.length > 0 ? `${text} (unknown log)` : text;
            const n = logs.findIndex((l) => sameURL(l, log));
            return logs.length > 1 ? `${text} (log ${n + 1})` : text;
        })
            .join('<br>');
    };
    if (logs.length === 0)
        return { cell };
    const named = logs.length === 1
        ? `Transparency log: ${(0,markdown/* code */.aY)(logs[0])}`
        : `Transparency logs: ${logs.map((l, i) => `log ${i + 1} ${(0,markdown/* code */.aY)(l)}`).join(', ')}`;
    const searchHost = search ? new URL(search.entryURL('0')).host : undefined;
    return {
        cell,
        legend: named +
            (linked && searchHost
                ? `; an index links to its entry on ${(0,markdown/* escapeMarkdown */.FV)(searchHost)}.`
                : '.'),
    };
}
function isSearchable(report, entry, logURL) {
    const rekorV2 = entry.kindVersion?.version === '0.0.2' ||
        report.services.logs.some((l) => l.majorApiVersion === 2 && sameURL(l.url, logURL));
    const search = report.instance.search;
    return Boolean(search && !rekorV2 && logURL !== undefined && sameURL(logURL, search.logURL));
}
/** The entry's log: by its log id in the trusted root, else the run's only log. */
function entryLogURL(report, entry) {
    const keyId = entry.logId?.keyId;
    const known = keyId
        ? report.instance.trustedRoot?.tlogs.find((t) => t.logId?.keyId.equals(keyId))
        : undefined;
    if (known)
        return known.baseUrl;
    return report.services.logs.length === 1 ? report.services.logs[0].url : undefined;
}
function sameURL(a, b) {
    return b !== undefined && a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}
function verifyCommands(report, identity, issuer) {
    const { signed } = report.outcome;
    // The file with the shortest name stands for all: its command is the one likeliest to fit.
    const file = signed.reduce((a, b) => b.target.displayPath.length < a.target.displayPath.length ? b : a);
    const { kind, name } = report.instance;
    const artifact = shellQuote(file.target.displayPath);
    const bundle = shellQuote(file.target.bundleDisplayPath);
    const id = shellQuote(identity);
    const iss = shellQuote(issuer);
    const trust = kind === 'public-good'
        ? []
        : kind === 'staging'
            ? ['--staging']
            : ['--trusted-root trusted_root.json'];
    const type = report.attestation && shellQuote(report.attestation.predicateType);
    // A GitHub identity names the workflow file, not whose run signed (a public reusable workflow
    // signs as itself for any caller): each command also pins the run's repository.
    const repository = issuer === verify_policy/* GITHUB_ACTIONS_ISSUER */.qQ && file.sourceRepository
        ? shellQuote(file.sourceRepository)
        : undefined;
    const commands = [
        "# this action's CLI (node dist/cli/index.js)",
        continuedCommand(`sigstore-action verify ${artifact}`, [
            `--bundle ${bundle}`,
            ...(type ? [`--predicate-type ${type}`] : []),
            ...trust,
            `--cert-identity ${id}`,
            `--cert-oidc-issuer ${iss}`,
            ...(repository ? [`--github-repository ${repository}`] : []),
        ]),
    ];
    // sigstore-python's CLI verifies signatures; attestations are left to cosign. Its
    // `verify github` fixes the issuer and checks --repository (sigstore/_cli.py).
    if (!type && (kind === 'public-good' || kind === 'staging')) {
        const staging = kind === 'staging' ? ' --staging' : '';
        commands.push('', '# sigstore-python (pip install sigstore)', repository
            ? continuedCommand(`sigstore${staging} verify github ${artifact}`, [
                `--bundle ${bundle}`,
                `--cert-identity ${id}`,
                `--repository ${repository}`,
            ])
            : continuedCommand(`sigstore${staging} verify identity ${artifact}`, [
                `--bundle ${bundle}`,
                `--cert-identity ${id}`,
                `--cert-oidc-issuer ${iss}`,
            ]));
    }
    if (kind !== 'staging') {
        commands.push('', kind === 'public-good' ? '# cosign' : `# cosign, with the trusted root of ${name}`, continuedCommand(`cosign ${type ? 'verify-blob-attestation' : 'verify-blob'} ${artifact}`, [
            `--bundle ${bundle}`,
            '--new-bundle-format',
            ...(type ? [`--type ${type}`] : []),
            ...(kind === 'public-good' ? [] : ['--trusted-root trusted_root.json']),
            `--certificate-identity ${id}`,
            `--certificate-oidc-issuer ${iss}`,
            ...(repository ? [`--certificate-github-workflow-repository ${repository}`] : []),
        ]));
    }
    const more = signed.length > 1
        ? `Repeat for each file (shown for ${(0,markdown/* code */.aY)(file.target.displayPath)}).\n\n`
        : '';
    return `${more}${(0,markdown/* fencedBlock */.zW)('sh', commands.join('\n'))}`;
}

// EXTERNAL MODULE: ./build/net/outbound.js + 1 modules
var outbound = __webpack_require__(83494);
// EXTERNAL MODULE: ./build/net/retry.js
var retry = __webpack_require__(62426);
;// CONCATENATED MODULE: ./build/net/stats.js
/** Requests and retries per service, for the log and the job summary. */
class NetworkStats {
    services = new Map();
    for(service) {
        let counters = this.services.get(service);
        if (!counters) {
            counters = { requests: 0, retries: 0, reasons: {} };
            this.services.set(service, counters);
        }
        return counters;
    }
    /** Services in first-use order. */
    entries() {
        return [...this.services.entries()];
    }
    /** "Fulcio 1, Rekor 1012, the timestamp authority 1003". */
    describeRequests() {
        return this.entries()
            .map(([name, c]) => `${name} ${c.requests}`)
            .join(', ');
    }
    /** "Rekor 12 (503 ×7, timeout ×5), TSA 3 (429 ×3)", or '' without retries. */
    describeRetries() {
        return this.entries()
            .filter(([, c]) => c.retries > 0)
            .map(([name, c]) => {
            const reasons = Object.entries(c.reasons)
                .map(([reason, n]) => `${reason} ×${n}`)
                .join(', ');
            return `${name} ${c.retries} (${reasons})`;
        })
            .join(', ');
    }
}

;// CONCATENATED MODULE: ./build/net/service-client.js




/** Fresh options for one run: the default policy, a deadline `minutes` from now (none if absent). */
function networkOptions(minutes) {
    return {
        policy: retry/* DEFAULT_RETRY_POLICY */.cO,
        deadline: minutes === undefined ? retry/* NO_DEADLINE */.ji : new retry/* Deadline */.B2(minutes * 60_000),
        stats: new NetworkStats(),
    };
}
class ServiceClient {
    options;
    service;
    policy;
    deadline;
    counters;
    random;
    constructor(options) {
        this.options = options;
        this.service = options.service;
        this.policy = options.policy ?? retry/* DEFAULT_RETRY_POLICY */.cO;
        this.deadline = options.deadline ?? retry/* NO_DEADLINE */.ji;
        this.counters = (options.stats ?? new NetworkStats()).for(options.service);
        this.random = options.random ?? Math.random;
    }
    send(request) {
        return (0,retry/* withRetries */.LH)({
            service: this.service,
            errorCode: this.options.errorCode,
            what: `${request.method} ${request.url}`,
            policy: this.policy,
            deadline: this.deadline,
            counters: this.counters,
            random: this.random,
        }, (timeoutMs) => this.attempt(request, timeoutMs));
    }
    async attempt(request, timeoutMs) {
        const signal = AbortSignal.timeout(timeoutMs);
        let response;
        let body;
        try {
            response = await (0,outbound/* outboundFetch */.n)(request.url, {
                method: request.method,
                headers: request.headers,
                body: request.body,
                signal,
            });
            // Inside the same timeout: a body that trickles in is as stuck as no answer.
            body = Buffer.from(await response.arrayBuffer());
        }
        catch (err) {
            if (signal.aborted) {
                return {
                    failed: true,
                    reason: 'timeout',
                    detail: `no complete answer within ${(0,retry/* seconds */.YA)(timeoutMs)}`,
                    retryable: true,
                };
            }
            return { failed: true, reason: 'network', detail: networkDetail(err), retryable: true };
        }
        const { status } = response;
        if ((status >= 200 && status < 300) || request.passStatuses?.includes(status)) {
            const problem = status < 300 ? request.validate?.(body) : undefined;
            if (problem) {
                // A proxy or a failing instance can answer 200 with a cut-off or foreign body.
                return {
                    failed: true,
                    reason: 'malformed answer',
                    detail: `HTTP ${status} with ${problem}`,
                    retryable: true,
                };
            }
            if (!request.json)
                return { status, headers: response.headers, body };
            try {
                return { status, headers: response.headers, body, json: JSON.parse(body.toString('utf8')) };
            }
            catch {
                // A proxy or a failing instance can answer 200 with a cut-off page: worth another try.
                return {
                    failed: true,
                    reason: 'malformed answer',
                    detail: `HTTP ${status} with a body that is not JSON (${snippet(body)})`,
                    retryable: true,
                };
            }
        }
        return {
            failed: true,
            reason: String(status),
            detail: `HTTP ${status}${serviceMessage(body)}`,
            retryable: (0,retry/* isRetryableStatus */.PS)(status),
            retryAfterMs: (0,retry/* parseRetryAfter */.mu)(response.headers.get('retry-after')),
        };
    }
}
/** The message a service put in its error body: `message`, `msg` (Twirp), `error`, or text. */
function serviceMessage(body) {
    const text = body.toString('utf8').trim();
    if (!text)
        return '';
    try {
        const value = JSON.parse(text);
        if (typeof value === 'object' && value !== null) {
            const record = value;
            for (const key of ['message', 'msg', 'error', 'detail']) {
                if (typeof record[key] === 'string' && record[key])
                    return `: ${clip(record[key])}`;
            }
        }
    }
    catch {
        // not JSON: the text itself
    }
    return `: ${snippet(body)}`;
}
function networkDetail(err) {
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
    const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : '';
    const message = cause instanceof Error ? cause.message : String(cause);
    return `network error${code ? ` ${code}` : ''}: ${clip(message)}`;
}
function snippet(body) {
    return JSON.stringify(clip(body.toString('utf8').replace(/\s+/g, ' ').trim(), 120));
}
function clip(text, max = 300) {
    return text.length > max ? `${text.slice(0, max)}…` : text;
}

// EXTERNAL MODULE: ./build/attest/predicate.js
var predicate = __webpack_require__(69093);
;// CONCATENATED MODULE: ./build/attest/provenance.js



/** Token claims Fulcio turns into the certificate extensions the provenance is made from. */
const PROVENANCE_CLAIMS = [
    'repository',
    'ref',
    'sha',
    'workflow_ref',
    'job_workflow_ref',
    'event_name',
    'repository_id',
    'repository_owner_id',
    'runner_environment',
    'run_id',
    'run_attempt',
];
/**
 * Refuses, before any certificate is asked for, a token that cannot give SLSA provenance: one
 * not from a GitHub Actions job (an email identity, another CI). Asking Fulcio first would put
 * that identity in a public certificate log for a run that then stops.
 */
function checkProvenanceClaims(claims) {
    const missing = PROVENANCE_CLAIMS.filter((name) => typeof claims[name] !== 'string');
    if (missing.length > 0) {
        throw new errors/* ActionError */.lZ('PREDICATE_INVALID', `SLSA provenance is made from the GitHub Actions workflow claims of the identity token, and this token (issuer ${JSON.stringify(String(claims.iss ?? '').slice(0, 200))}) has no ${missing.join(', ')}: it is not a GitHub Actions job's token. Pass the predicate yourself (predicate or predicate-path), or sign with the job's own token.`);
    }
}
/** GitHub's build type for Actions workflow runs, as actions/attest-build-provenance writes it. */
const GITHUB_WORKFLOW_BUILD_TYPE = 'https://actions.github.io/buildtypes/workflow/v1';
/**
 * SLSA provenance v1 of this workflow run, in the shape actions/attest-build-provenance writes
 * (so `gh attestation verify` and policies written for it read ours the same way).
 *
 * It is made from the signing certificate, not from the environment: every value is one Fulcio
 * took from the job's OIDC token and wrote into the certificate that signs the statement, so
 * the provenance cannot say anything the signature does not also bind. (actions/attest reads
 * the same claims from the token.)
 */
function githubBuildProvenance(certificatePEM, identity) {
    const claims = buildClaims(core_dist.X509Certificate.parse(certificatePEM));
    const need = (key, what) => {
        const value = claims[key];
        if (!value) {
            throw new errors/* ActionError */.lZ('PREDICATE_INVALID', `SLSA provenance is made from the GitHub Actions workflow claims of the signing certificate, and the certificate of ${identity} has no ${what}: it was not issued for a GitHub Actions job. Pass the predicate yourself (predicate or predicate-path), or sign with the job's own token.`);
        }
        return value;
    };
    const repository = need('sourceRepositoryURI', 'source repository');
    const ref = need('sourceRepositoryRef', 'source ref');
    const buildConfig = need('buildConfigURI', 'workflow (build config URI)');
    // https://github.com/OWNER/REPO/.github/workflows/release.yml@refs/tags/v1 -> .github/workflows/release.yml
    // Cut at the FIRST @ after the repository, as actions/attest does: refs may hold @ themselves
    // (refs/tags/@scope/pkg@1.2.3), workflow paths do not.
    const relative = buildConfig.startsWith(`${repository}/`)
        ? buildConfig.slice(repository.length + 1)
        : buildConfig;
    const workflowPath = relative.split('@')[0];
    return {
        buildDefinition: {
            buildType: GITHUB_WORKFLOW_BUILD_TYPE,
            externalParameters: {
                workflow: { ref, repository, path: workflowPath },
            },
            internalParameters: {
                github: {
                    event_name: need('buildTrigger', 'trigger'),
                    repository_id: need('sourceRepositoryIdentifier', 'repository id'),
                    repository_owner_id: need('sourceRepositoryOwnerIdentifier', 'repository owner id'),
                    runner_environment: need('runnerEnvironment', 'runner environment'),
                },
            },
            resolvedDependencies: [
                {
                    uri: `git+${repository}@${ref}`,
                    digest: { gitCommit: need('sourceRepositoryDigest', 'commit') },
                },
            ],
        },
        runDetails: {
            builder: { id: need('buildSignerURI', 'build signer (job workflow)') },
            metadata: { invocationId: need('runInvocationURI', 'run URL') },
        },
    };
}

// EXTERNAL MODULE: ./build/sigstore/identity.js
var identity = __webpack_require__(70353);
;// CONCATENATED MODULE: ./build/sigstore/certificate.js







/**
 * Renew when this fraction of a certificate's lifetime has passed (7.5 of Fulcio's 10 minutes),
 * so every signature and its log entry fall well inside the validity window.
 */
const RENEW_AT_FRACTION = 0.75;
/**
 * One ephemeral key and ONE Fulcio certificate for all files of a run, renewed before it
 * expires. @sigstore/sign's FulcioSigner fetches a token and a certificate for every signature,
 * retries without jitter or Retry-After, and puts the whole identity token in its error message
 * when the token cannot be parsed; so the certificate request (the same one FulcioSigner makes)
 * goes through our ServiceClient, and each file's digest is signed with the certified key here.
 * Concurrent callers share one pending request.
 */
class CertificateSession {
    options;
    current;
    renewAt = 0;
    pending;
    issuedCount = 0;
    now;
    fulcio;
    constructor(options) {
        this.options = options;
        this.now = options.now ?? Date.now;
        this.fulcio = new ServiceClient({
            ...options.network,
            service: 'Fulcio',
            errorCode: 'FULCIO_FAILED',
        });
    }
    /** Certificates issued so far. */
    get issued() {
        return this.issuedCount;
    }
    async credential() {
        if (this.current && this.now() < this.renewAt)
            return this.current;
        this.pending ??= this.issue().finally(() => {
            this.pending = undefined;
        });
        return this.pending;
    }
    async issue() {
        const key = EphemeralKey.generate();
        const certificatePEM = await this.requestCertificate(key);
        const cert = core_dist.X509Certificate.parse(certificatePEM);
        const identity = cert.subjectAltName;
        if (!identity) {
            throw new errors/* ActionError */.lZ('FULCIO_FAILED', `the certificate from ${this.options.fulcioURL} has no subject alternative name.`);
        }
        const claims = certificateClaims(cert);
        const credential = {
            certificatePEM,
            certificateDER: core_dist.pem.toDER(certificatePEM),
            identity,
            issuer: claims.issuer,
            sourceRepository: claims.repository,
            notBefore: cert.notBefore,
            notAfter: cert.notAfter,
            signDigest: (digest) => key.signDigest(digest),
            signMessage: (message) => key.signMessage(message),
        };
        const lifetime = cert.notAfter.getTime() - cert.notBefore.getTime();
        this.renewAt = cert.notBefore.getTime() + lifetime * RENEW_AT_FRACTION;
        this.current = credential;
        this.issuedCount++;
        return credential;
    }
    /** Fulcio's signingCert request, as @sigstore/sign's CAClient builds it. */
    async requestCertificate(key) {
        const token = await this.options.identityProvider.getToken();
        const claims = (0,identity/* decodeTokenClaims */.lK)(token);
        // Proof of possession: the key signs the token's subject (its email for email issuers).
        const subject = typeof claims.email === 'string' ? claims.email : claims.sub;
        if (typeof subject !== 'string') {
            throw new errors/* ActionError */.lZ('OIDC_TOKEN_INVALID', 'the identity token has no "sub" claim, which Fulcio needs to bind the certificate.');
        }
        const { json } = await this.fulcio.send({
            method: 'POST',
            url: `${this.options.fulcioURL.replace(/\/$/, '')}/api/v2/signingCert`,
            headers: { 'content-type': 'application/json', accept: 'application/json' },
            body: JSON.stringify({
                credentials: { oidcIdentityToken: token },
                publicKeyRequest: {
                    publicKey: { algorithm: 'ECDSA', content: key.publicKeyPEM },
                    proofOfPossession: key.signMessage(Buffer.from(subject)).toString('base64'),
                },
            }),
            json: true,
        });
        const answer = json;
        const chain = (answer?.signedCertificateEmbeddedSct ?? answer?.signedCertificateDetachedSct)
            ?.chain?.certificates;
        const leaf = Array.isArray(chain) ? chain[0] : undefined;
        if (typeof leaf !== 'string' || !leaf.includes('BEGIN CERTIFICATE')) {
            throw new errors/* ActionError */.lZ('FULCIO_FAILED', `Fulcio (${this.options.fulcioURL}) answered without a certificate chain.`);
        }
        return leaf;
    }
}
/** An ECDSA P-256 key pair that can sign both messages (for Fulcio) and prehashed digests. */
class EphemeralKey {
    privateKey;
    scalar;
    publicKeyPEM;
    constructor(privateKey, scalar, publicKeyPEM) {
        this.privateKey = privateKey;
        this.scalar = scalar;
        this.publicKeyPEM = publicKeyPEM;
    }
    static generate() {
        const { privateKey, publicKey } = external_node_crypto_.generateKeyPairSync('ec', { namedCurve: 'P-256' });
        const d = privateKey.export({ format: 'jwk' }).d;
        if (!d)
            throw new Error('generated EC key has no private scalar');
        return new EphemeralKey(privateKey, Buffer.from(d, 'base64url'), publicKey.export({ format: 'pem', type: 'spki' }).toString());
    }
    /** The file's signature, from the digest computed while streaming it (see prehashed.ts). */
    signDigest(digest) {
        return signDigestP256(this.scalar, digest);
    }
    signMessage(message) {
        return external_node_crypto_.sign('sha256', message, this.privateKey);
    }
}
/**
 * The session as an @sigstore/sign Signer, for the builders that sign whole payloads (DSSE):
 * each call signs with the current certificate instead of asking Fulcio for a new one.
 */
function sessionSigner(session) {
    return {
        async sign(data) {
            const credential = await session.credential();
            const digest = crypto.createHash('sha256').update(data).digest();
            return {
                signature: credential.signDigest(digest),
                key: { $case: 'x509Certificate', certificate: credential.certificatePEM },
            };
        },
    };
}

// EXTERNAL MODULE: ./build/sigstore/destinations.js
var destinations = __webpack_require__(28878);
// EXTERNAL MODULE: ./build/sigstore/instance-choice.js
var instance_choice = __webpack_require__(50454);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: ./node_modules/@sigstore/tuf/seeds.json
var seeds = __webpack_require__(8032);
// EXTERNAL MODULE: ./node_modules/tuf-js/dist/index.js
var tuf_js_dist = __webpack_require__(84706);
// EXTERNAL MODULE: ./node_modules/tuf-js/dist/error.js
var error = __webpack_require__(86376);
;// CONCATENATED MODULE: ./build/sigstore/tuf.js




// @sigstore/tuf's seeds (no exports map; the file its client uses).






const TARGETS_DIR = 'targets';
/**
 * The TUF cache when the host gives none (the CLI outside a runner): in the user's own cache
 * directory, `$XDG_CACHE_HOME/sigstore-action/tuf` or `~/.cache/sigstore-action/tuf`. The action
 * on a runner uses RUNNER_TEMP, which is the job's own.
 */
function defaultTUFCachePath(env = process.env) {
    const cacheHome = env.XDG_CACHE_HOME?.startsWith('/')
        ? env.XDG_CACHE_HOME
        : external_node_path_.join(external_node_os_.homedir(), '.cache');
    return external_node_path_.join(cacheHome, 'sigstore-action', 'tuf');
}
/**
 * Creates the TUF cache directory (mode 0700) or checks the one that is there: what it holds
 * decides which keys are trusted, so it must be this user's alone. A directory another user owns
 * or may write to (a planted one in a shared location) is refused, never used.
 */
function privateCacheDirectory(dir) {
    (0,external_node_fs_.mkdirSync)(dir, { recursive: true, mode: 0o700 });
    // Windows has no such mode bits (Node reports 0o666 for every directory): its ACLs decide.
    if (process.platform === 'win32')
        return dir;
    const stat = (0,external_node_fs_.lstatSync)(dir);
    const uid = process.getuid?.();
    const problem = !stat.isDirectory()
        ? 'is not a directory (a symbolic link?)'
        : uid !== undefined && stat.uid !== uid
            ? `belongs to another user (uid ${stat.uid})`
            : (stat.mode & 0o022) !== 0
                ? `can be written by other users (mode ${(stat.mode & 0o777).toString(8)})`
                : undefined;
    if (problem) {
        throw new errors/* ActionError */.lZ('TUF_FAILED', `the TUF cache ${dir} ${problem}: whoever can write there decides which Sigstore keys are trusted. Remove it (it is rebuilt), or make it yours alone (chmod 700).`);
    }
    return dir;
}
/** Opens the mirror's cache and refreshes its metadata (TUF client workflow, tuf-js). */
async function initTUF(options) {
    const url = new URL(options.mirrorURL);
    const repoName = encodeURIComponent(url.host + url.pathname.replace(/\/$/, ''));
    const cachePath = external_node_path_.join(privateCacheDirectory(options.cachePath ?? defaultTUFCachePath()), repoName);
    const targetDir = external_node_path_.join(cachePath, TARGETS_DIR);
    (0,external_node_fs_.mkdirSync)(targetDir, { recursive: true });
    seedCache(cachePath, options);
    const updater = new tuf_js_dist/* Updater */.Sx({
        metadataBaseUrl: options.mirrorURL,
        targetBaseUrl: `${options.mirrorURL}/targets`,
        metadataDir: cachePath,
        targetDir,
        fetcher: new OutboundFetcher(options.policy),
    });
    await updater.refresh();
    return { getTarget: (target) => readTarget(updater, target) };
}
function seedCache(cachePath, options) {
    const cachedRoot = external_node_path_.join(cachePath, 'root.json');
    if ((0,external_node_fs_.existsSync)(cachedRoot) && !options.forceInit)
        return;
    if (options.rootPath) {
        (0,external_node_fs_.copyFileSync)(options.rootPath, cachedRoot);
        return;
    }
    const seed = seeds[options.mirrorURL];
    if (!seed)
        throw new Error(`no root.json known for the mirror ${options.mirrorURL}`);
    (0,external_node_fs_.writeFileSync)(cachedRoot, Buffer.from(seed['root.json'], 'base64'));
    for (const [name, target] of Object.entries(seed.targets)) {
        (0,external_node_fs_.writeFileSync)(external_node_path_.join(cachePath, TARGETS_DIR, name), Buffer.from(target, 'base64'));
    }
}
/** The repository's signed targets metadata does not list this target. */
class TargetNotFound extends Error {
    target;
    constructor(target) {
        super(`target ${target} not found`);
        this.target = target;
    }
}
async function readTarget(updater, target) {
    const info = await updater.getTargetInfo(target);
    if (!info)
        throw new TargetNotFound(target);
    const file = (await updater.findCachedTarget(info)) ?? (await updater.downloadTarget(info));
    return (0,promises_.readFile)(file, 'utf8');
}
/** tuf-js's fetcher interface over outboundFetch, with the run's retry policy. */
class OutboundFetcher extends tuf_js_dist/* BaseFetcher */.xv {
    policy;
    counters = { requests: 0, retries: 0, reasons: {} };
    constructor(policy) {
        super();
        this.policy = policy;
    }
    fetch(url) {
        return (0,retry/* withRetries */.LH)({
            service: 'the TUF repository',
            errorCode: 'TUF_FAILED',
            what: `GET ${url}`,
            policy: this.policy,
            deadline: retry/* NO_DEADLINE */.ji,
            counters: this.counters,
        }, (timeoutMs) => this.attempt(url, timeoutMs));
    }
    async attempt(url, timeoutMs) {
        // Also bounds reading the body, which tuf-js does after this returns (and caps in length).
        const signal = AbortSignal.timeout(timeoutMs);
        let response;
        try {
            response = await (0,outbound/* outboundFetch */.n)(url, { signal });
        }
        catch (err) {
            return signal.aborted
                ? {
                    failed: true,
                    reason: 'timeout',
                    detail: `no answer within ${(0,retry/* seconds */.YA)(timeoutMs)}`,
                    retryable: true,
                }
                : { failed: true, reason: 'network', detail: tuf_networkDetail(err), retryable: true };
        }
        if (response.ok && response.body) {
            return response.body;
        }
        await response.body?.cancel();
        const { status } = response;
        return {
            failed: true,
            reason: String(status),
            detail: `HTTP ${status}`,
            retryable: (0,retry/* isRetryableStatus */.PS)(status),
            retryAfterMs: (0,retry/* parseRetryAfter */.mu)(response.headers.get('retry-after')),
            // tuf-js reads a 403 or 404 for the next root version as "no newer root".
            error: new error.DownloadHTTPError(`HTTP ${status} for ${url}`, status),
        };
    }
}
function tuf_networkDetail(err) {
    // fetch's TypeError('fetch failed') carries the reason as its cause (not always of this realm).
    const cause = err?.cause ?? err;
    const { code, message } = (cause ?? {});
    const text = (message ?? String(cause)).replace(/\.$/, ''); // the message adds its own
    return `network error${code ? ` ${code}` : ''}: ${text}`;
}

;// CONCATENATED MODULE: ./build/sigstore/instance.js









const SIGNING_CONFIG_TARGET = 'signing_config.v0.2.json';
/**
 * Public-good's opt-in signing config with its Rekor v2 log (sigstore/root-signing
 * targets/signing_config_rekor_v2.v0.2.json, beside the default that lists Rekor v1 only); cosign
 * reads it for `signing-config create --rekor-v2`. Read when the user asks for Rekor v2.
 */
const SIGNING_CONFIG_REKOR_V2_TARGET = 'signing_config_rekor_v2.v0.2.json';
const TRUSTED_ROOT_TARGET = 'trusted_root.json';
const SIGNING_CONFIG_MEDIA_TYPE = 'application/vnd.dev.sigstore.signingconfig.v0.2+json';
/** `application/vnd.dev.sigstore.trustedroot+json;version=0.1`, or `.v0.2+json`. */
const TRUSTED_ROOT_MEDIA_TYPE_PREFIX = 'application/vnd.dev.sigstore.trustedroot';
const TUF_TIMEOUT_MS = 10_000;
// Retried (408, 429, 5xx, network errors, timeouts) with jitter, as every other request of the run.
const TUF_POLICY = {
    retries: 4,
    baseDelayMs: 500,
    maxDelayMs: 8_000,
    timeoutMs: TUF_TIMEOUT_MS,
    maxRetryAfterMs: 60_000,
};
/**
 * Loads the signing config and trusted root of the chosen instance. The public instances come
 * through TUF (as sigstore-python, cosign and gh do), so key rotations reach users without a
 * new release of this action.
 */
async function loadInstance(choice, options = {}) {
    switch (choice.kind) {
        case 'public-good':
            return loadFromTUF('public-good', 'Sigstore public-good', instance_choice/* PUBLIC_GOOD_TUF_URL */.C, undefined, options, {
                logURL: 'https://rekor.sigstore.dev',
                entryURL: (i) => `https://search.sigstore.dev/?logIndex=${encodeURIComponent(i)}`,
            });
        case 'staging':
            return loadFromTUF('staging', 'Sigstore staging', instance_choice/* STAGING_TUF_URL */.K, await stagingRoot(options), options, {
                logURL: 'https://rekor.sigstage.dev',
                entryURL: (i) => `https://search.sigstage.dev/?logIndex=${encodeURIComponent(i)}`,
            });
        case 'tuf':
            return loadFromTUF('tuf', `the Sigstore instance of ${choice.mirrorURL}`, choice.mirrorURL, choice.rootPath, options);
        case 'files': {
            const signingConfig = parseSigningConfig(await readJSONFile(choice.signingConfigPath, 'signing-config'), `signing-config (${choice.signingConfigPath})`, options.httpHosts);
            const trustedRoot = choice.trustedRootPath
                ? parseTrustedRoot(await readJSONFile(choice.trustedRootPath, 'trusted-root'), `trusted-root (${choice.trustedRootPath})`)
                : undefined;
            return {
                kind: 'files',
                name: `the Sigstore instance of ${choice.signingConfigPath}`,
                signingConfig,
                signingConfigName: `signing-config (${choice.signingConfigPath})`,
                trustedRoot,
            };
        }
    }
}
/** The trusted root alone, for verification. */
async function loadTrustedRoot(choice, options = {}) {
    if (choice.kind === 'file') {
        return {
            name: choice.trustedRootPath,
            trustedRoot: parseTrustedRoot(await readJSONFile(choice.trustedRootPath, 'trusted-root'), `trusted-root (${choice.trustedRootPath})`),
        };
    }
    const [name, mirrorURL, rootPath] = choice.kind === 'public-good'
        ? ['Sigstore public-good', instance_choice/* PUBLIC_GOOD_TUF_URL */.C, undefined]
        : choice.kind === 'staging'
            ? ['Sigstore staging', instance_choice/* STAGING_TUF_URL */.K, await stagingRoot(options)]
            : [`the Sigstore instance of ${choice.mirrorURL}`, choice.mirrorURL, choice.rootPath];
    const tuf = await openTUF(name, mirrorURL, rootPath, options);
    const json = await instance_readTarget(tuf, TRUSTED_ROOT_TARGET, name);
    return { name, trustedRoot: parseTrustedRoot(json, `${name} ${TRUSTED_ROOT_TARGET}`) };
}
async function openTUF(name, mirrorURL, rootPath, options) {
    // Before any request: TUF metadata is signed, but an http mirror is still refused, as every
    // other service is (destinations.ts).
    if ((0,destinations/* checkServiceURL */.PO)(mirrorURL, 'the TUF repository', options.httpHosts)) {
        warnPlainHTTP('the TUF repository', mirrorURL);
    }
    privateCacheDirectory(options.tufCachePath ?? defaultTUFCachePath());
    try {
        return await initTUF({
            mirrorURL,
            rootPath,
            cachePath: options.tufCachePath,
            // A root given by the user replaces whatever an earlier run cached for this mirror.
            forceInit: rootPath !== undefined,
            policy: TUF_POLICY,
        });
    }
    catch (err) {
        throw new errors/* ActionError */.lZ('TUF_FAILED', `could not update the trust metadata of ${name} from ${mirrorURL}: ${(0,errors/* rootCauseMessage */.fG)(err)}. ` +
            'Check that the runner can reach it, or pass a trusted-root file instead.', { cause: err });
    }
}
async function loadFromTUF(kind, name, mirrorURL, rootPath, options, search) {
    const tuf = await openTUF(name, mirrorURL, rootPath, options);
    const [signingConfig, trustedRootJSON] = await Promise.all([
        readSigningConfigTarget(tuf, name, options.rekorVersion),
        instance_readTarget(tuf, TRUSTED_ROOT_TARGET, name),
    ]);
    const signingConfigName = `the signing config of ${name} (${signingConfig.target})`;
    return {
        kind,
        name,
        signingConfig: parseSigningConfig(signingConfig.json, signingConfigName, options.httpHosts),
        signingConfigName,
        trustedRoot: parseTrustedRoot(trustedRootJSON, `${name} ${TRUSTED_ROOT_TARGET}`),
        search,
    };
}
/**
 * The default signing config, or for Rekor v2 the opt-in one when the repository publishes it
 * (public-good does; staging's default already lists Rekor v2 first, and has no opt-in target).
 * Without it the default is read, and selection then keeps only its Rekor v2 logs, if any.
 */
async function readSigningConfigTarget(tuf, name, rekorVersion) {
    if (rekorVersion === 2) {
        let text;
        try {
            text = await tuf.getTarget(SIGNING_CONFIG_REKOR_V2_TARGET);
        }
        catch (err) {
            // Only "the repository has no such target" falls back; a failed download is an error.
            if (!(err instanceof TargetNotFound)) {
                throw tufReadError(err, SIGNING_CONFIG_REKOR_V2_TARGET, name);
            }
        }
        if (text !== undefined) {
            const json = parseTargetJSON(text, name, SIGNING_CONFIG_REKOR_V2_TARGET);
            return { target: SIGNING_CONFIG_REKOR_V2_TARGET, json };
        }
    }
    return {
        target: SIGNING_CONFIG_TARGET,
        json: await instance_readTarget(tuf, SIGNING_CONFIG_TARGET, name),
    };
}
/**
 * @sigstore/tuf embeds the initial root of the production repository only. For staging (a test
 * instance, never a production trust decision) the first root comes from the mirror itself over
 * HTTPS, and TUF verifies every later version against it. It is kept in the TUF cache, which
 * belongs to this user alone (tuf.ts privateCacheDirectory): a root found in a directory others
 * can write to (the shared temp directory) would let them choose what staging is trusted as.
 */
async function stagingRoot(options) {
    const dir = privateCacheDirectory(options.tufCachePath ?? defaultTUFCachePath());
    const file = external_node_path_.join(dir, 'staging-1.root.json');
    try {
        await external_node_fs_.promises.access(file);
        return file;
    }
    catch {
        // not bootstrapped yet
    }
    try {
        // Through the runner's proxy, with our User-Agent, as every TUF request (tuf.ts).
        const response = await (0,outbound/* outboundFetch */.n)(`${instance_choice/* STAGING_TUF_URL */.K}/1.root.json`, {
            signal: AbortSignal.timeout(TUF_TIMEOUT_MS),
        });
        if (!response.ok)
            throw new Error(`HTTP ${response.status}`);
        await external_node_fs_.promises.writeFile(file, Buffer.from(await response.arrayBuffer()), { mode: 0o600 });
        return file;
    }
    catch (err) {
        throw new errors/* ActionError */.lZ('TUF_FAILED', `could not fetch the initial root of Sigstore staging from ${instance_choice/* STAGING_TUF_URL */.K}: ${(0,errors/* rootCauseMessage */.fG)(err)}.`, { cause: err });
    }
}
function warnPlainHTTP(what, url) {
    core/* warning */.$e(`${what} is ${url}: plain http to a host named in ${destinations/* ALLOW_HTTP_HOSTS_VARIABLE */.wj}; its requests (the identity token too, for Fulcio) travel in the clear.`);
}
async function instance_readTarget(tuf, target, name) {
    let text;
    try {
        text = await tuf.getTarget(target);
    }
    catch (err) {
        throw tufReadError(err, target, name);
    }
    return parseTargetJSON(text, name, target);
}
function parseTargetJSON(text, name, target) {
    try {
        return JSON.parse(text);
    }
    catch (err) {
        throw tufReadError(err, target, name);
    }
}
function tufReadError(err, target, name) {
    return new errors/* ActionError */.lZ('TUF_FAILED', `could not read ${target} from the TUF repository of ${name}: ${(0,errors/* rootCauseMessage */.fG)(err)}.`, { cause: err });
}
/** Trusted roots and signing configs are a few kilobytes; a larger file is not one. */
const MAX_TRUST_FILE_BYTES = 4 * 1024 * 1024;
async function readJSONFile(file, input) {
    const what = input === 'signing-config' ? 'signing config' : 'trusted root';
    let text;
    try {
        const stat = await external_node_fs_.promises.stat(external_node_path_.resolve(file));
        if (stat.isFile() && stat.size > MAX_TRUST_FILE_BYTES) {
            throw new errors/* ActionError */.lZ('TRUST_CONFIG_INVALID', `${input}: ${file} is ${stat.size} bytes, far too large for a Sigstore ${what}; pass the ${what} JSON of your instance.`);
        }
        text = await external_node_fs_.promises.readFile(external_node_path_.resolve(file), 'utf8');
    }
    catch (err) {
        if (err instanceof errors/* ActionError */.lZ)
            throw err;
        const code = err.code ?? String(err);
        throw new errors/* ActionError */.lZ('TRUST_CONFIG_INVALID', `${input}: cannot read ${file} (${code}); check the path, and that the step that writes the file ran before this one.`, { cause: err });
    }
    try {
        return JSON.parse(text);
    }
    catch (err) {
        throw new errors/* ActionError */.lZ('TRUST_CONFIG_INVALID', `${input}: ${file} is not valid JSON (${err.message}); pass the ${what} of your instance as its JSON file, complete and unmodified.`, { cause: err });
    }
}
function parseSigningConfig(json, what, httpHosts) {
    if (!isObject(json) || json.mediaType !== SIGNING_CONFIG_MEDIA_TYPE) {
        const trustedRoot = isObject(json) &&
            String(json.mediaType).startsWith('application/vnd.dev.sigstore.trustedroot');
        throw new errors/* ActionError */.lZ('TRUST_CONFIG_INVALID', trustedRoot
            ? `${what}: this is a trusted root, not a signing config; pass it as trusted-root, and the instance's signing config (v0.2) as signing-config.`
            : `${what}: not a signing config v0.2 (mediaType must be "${SIGNING_CONFIG_MEDIA_TYPE}"); pass the signing config of your Sigstore instance.`);
    }
    let config;
    try {
        config = protobuf_specs_dist.SigningConfig.fromJSON(json);
    }
    catch (err) {
        throw new errors/* ActionError */.lZ('TRUST_CONFIG_INVALID', `${what}: not a valid signing config (${err.message}); pass the signing config of your Sigstore instance.`, { cause: err });
    }
    checkServiceURLs(config, what, httpHosts);
    return config;
}
/**
 * Every service a signing config names is called with the job's identity token or its
 * signatures: only https URLs (plain http on loopback only, destinations.ts), each a valid URL.
 * A `file:`, garbled or plain-http URL is refused before any request of the run.
 */
function checkServiceURLs(config, what, httpHosts) {
    const lists = {
        caUrls: config.caUrls,
        rekorTlogUrls: config.rekorTlogUrls,
        tsaUrls: config.tsaUrls,
    };
    for (const [field, services] of Object.entries(lists)) {
        services.forEach((service, i) => {
            let ok = false;
            try {
                ok = ['http:', 'https:'].includes(new URL(service.url).protocol);
            }
            catch {
                // not a URL
            }
            if (!ok) {
                throw new errors/* ActionError */.lZ('TRUST_CONFIG_INVALID', `${what}: ${field}[${i}].url is ${JSON.stringify(service.url)}, not an http(s) URL; pass the signing config of your Sigstore instance, with the URLs of its services.`);
            }
            const where = `${what}: ${field}[${i}].url`;
            if ((0,destinations/* checkServiceURL */.PO)(service.url, where, httpHosts))
                warnPlainHTTP(where, service.url);
        });
    }
}
function parseTrustedRoot(json, what) {
    // `tlogs` may be absent or empty: GitHub's instance has no transparency log.
    if (!isObject(json) ||
        typeof json.mediaType !== 'string' ||
        !json.mediaType.startsWith(TRUSTED_ROOT_MEDIA_TYPE_PREFIX) ||
        (json.tlogs !== undefined && !Array.isArray(json.tlogs))) {
        const signingConfig = isObject(json) && json.mediaType === SIGNING_CONFIG_MEDIA_TYPE;
        throw new errors/* ActionError */.lZ('TRUST_CONFIG_INVALID', signingConfig
            ? `${what}: this is a signing config, not a trusted root; pass it as signing-config, and the instance's trusted_root.json as trusted-root.`
            : `${what}: not a Sigstore trusted root (expected a JSON object with "mediaType": "${TRUSTED_ROOT_MEDIA_TYPE_PREFIX}..."); pass the trusted_root.json of your Sigstore instance.`);
    }
    let root;
    try {
        root = protobuf_specs_dist.TrustedRoot.fromJSON(json);
    }
    catch (err) {
        throw new errors/* ActionError */.lZ('TRUST_CONFIG_INVALID', `${what}: not a valid Sigstore trusted root (${err.message}); pass the trusted_root.json of your Sigstore instance.`, { cause: err });
    }
    checkValidityStarts(root, what);
    return root;
}
/**
 * Every transparency log and CT log key in a trusted root must say from when it is trusted, as
 * sigstore-go requires (pkg/root/trusted_root.go `ParseTransparencyLogs`: "tlog missing public
 * key validity period start time"). @sigstore/verify 4.1.3 reads a missing start as "since the
 * beginning of time" and so trusts a malformed root: sigstore-conformance case
 * trust-root-tlog-missing-validity-start_fail. Certificate and timestamp authorities may omit it
 * (sigstore-go reads a missing start as no lower bound), and so may we.
 */
function checkValidityStarts(root, what) {
    const missing = [
        ...root.tlogs.map((t, i) => (t.publicKey?.validFor?.start ? '' : `tlogs[${i}] (${t.baseUrl})`)),
        ...root.ctlogs.map((t, i) => t.publicKey?.validFor?.start ? '' : `ctlogs[${i}] (${t.baseUrl})`),
    ].filter(Boolean);
    if (missing.length > 0) {
        throw new errors/* ActionError */.lZ('TRUST_CONFIG_INVALID', `${what}: ${missing.join(', ')} ${missing.length === 1 ? 'has' : 'have'} no validFor.start; a trusted root must say from when each key is trusted. Pass the trusted_root.json your Sigstore instance publishes, unmodified.`);
    }
}
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// EXTERNAL MODULE: ./node_modules/@sigstore/protobuf-specs/dist/rekor/v2/index.js
var v2 = __webpack_require__(13835);
// EXTERNAL MODULE: ./node_modules/@sigstore/sign/dist/witness/tlog/entry.js
var entry = __webpack_require__(97890);
;// CONCATENATED MODULE: ./build/sigstore/rekor-v2-request.js





/**
 * The body of a Rekor v2 `POST /api/v2/log/entries`: always a `hashedRekordRequestV002`.
 *
 * Rekor v2 (rekor-tiles) accepts nothing else since v2.3.0 ("invalid type, must be
 * hashedrekord", internal/server/service.go). Its CLIENTS.md says how a DSSE envelope is logged:
 * as a hashedrekord of the envelope's signed bytes, i.e. the digest of the DSSE
 * pre-authentication encoding, with the envelope's signature; sigstore-go
 * (pkg/sign/transparency.go) and sigstore-python (_internal/rekor/client_v2.py) do so, and
 * @sigstore/verify checks such an entry against a DSSE bundle (compareSignedDigest). sigstore-js
 * 5.1's own toCreateEntryRequest still sends `dsseRequestV002`, which the real log refuses, and
 * hard-codes the key details; here they come from the certificate's key.
 */
function rekorV2Request(content, certificatePEM) {
    const key = keyAlgorithm(certificatePEM);
    let digest;
    let signature;
    if (content.$case === 'messageSignature') {
        digest = content.messageSignature.messageDigest.digest;
        signature = content.messageSignature.signature;
        if (digest.length !== key.digestLength) {
            throw new errors/* ActionError */.lZ('INTERNAL', `the message digest is ${digest.length} bytes; the signing key (${key.name}) signs ${key.hash} digests.`);
        }
    }
    else {
        const envelope = content.dsseEnvelope;
        const first = envelope.signatures[0];
        if (!first)
            throw new errors/* ActionError */.lZ('SIGNING_FAILED', 'the DSSE envelope has no signature.');
        signature = first.sig;
        digest = external_node_crypto_.createHash(key.hash)
            .update(core_dist.dsse.preAuthEncoding(envelope.payloadType, envelope.payload))
            .digest();
    }
    return {
        spec: {
            $case: 'hashedRekordRequestV002',
            hashedRekordRequestV002: {
                digest,
                signature: {
                    content: signature,
                    verifier: {
                        keyDetails: key.details,
                        verifier: {
                            $case: 'x509Certificate',
                            // DER: rekor-tiles' certificate verifier is x509.ParseCertificate of the raw bytes.
                            x509Certificate: { rawBytes: core_dist.pem.toDER(certificatePEM) },
                        },
                    },
                },
            },
        },
    };
}
/**
 * The ECDSA curves Fulcio certifies and rekor-tiles accepts (internal/algorithmregistry:
 * AllowedClientSigningAlgorithms), each with the hash its key details name.
 */
const EC_ALGORITHMS = {
    prime256v1: {
        name: 'ECDSA P-256',
        details: protobuf_specs_dist.PublicKeyDetails.PKIX_ECDSA_P256_SHA_256,
        hash: 'sha256',
        digestLength: 32,
    },
    secp384r1: {
        name: 'ECDSA P-384',
        details: protobuf_specs_dist.PublicKeyDetails.PKIX_ECDSA_P384_SHA_384,
        hash: 'sha384',
        digestLength: 48,
    },
    secp521r1: {
        name: 'ECDSA P-521',
        details: protobuf_specs_dist.PublicKeyDetails.PKIX_ECDSA_P521_SHA_512,
        hash: 'sha512',
        digestLength: 64,
    },
};
function keyAlgorithm(certificatePEM) {
    const key = external_node_crypto_.createPublicKey(certificatePEM);
    const curve = key.asymmetricKeyDetails?.namedCurve;
    const algorithm = key.asymmetricKeyType === 'ec' && curve ? EC_ALGORITHMS[curve] : undefined;
    if (!algorithm) {
        throw new errors/* ActionError */.lZ('INTERNAL', `the signing certificate's key (${key.asymmetricKeyType ?? 'unknown'}${curve ? ` ${curve}` : ''}) is not one this action logs to Rekor v2.`);
    }
    return algorithm;
}

;// CONCATENATED MODULE: ./build/sigstore/witnesses.js




// Rekor v1's request bodies are sigstore-js's own (how a signature becomes a hashedrekord or
// DSSE entry); only the transport is ours. The package has no exports map, so this deep import
// is the same module @sigstore/sign's RekorWitness uses. Rekor v2's body is ours: see
// rekor-v2-request.ts.




function rekorClient(options) {
    return new ServiceClient({ ...options, service: 'Rekor', errorCode: 'TLOG_FAILED' });
}
class RekorV1Witness {
    baseURL;
    client;
    constructor(baseURL, options) {
        this.baseURL = baseURL;
        this.client = rekorClient(options);
    }
    async testify(content, publicKey) {
        const created = await this.client.send({
            method: 'POST',
            url: `${this.baseURL}/api/v1/log/entries`,
            headers: { 'content-type': 'application/json', accept: 'application/json' },
            body: JSON.stringify((0,entry/* toProposedEntry */.yF)(content, publicKey)),
            passStatuses: [409],
            json: true,
        });
        let answer = created.json;
        if (created.status === 409) {
            const location = created.headers.get('location');
            if (!location) {
                throw new errors/* ActionError */.lZ('TLOG_FAILED', 'Rekor answered 409 (entry already exists) without the Location of that entry.');
            }
            // Real Rekor's Location is a bare path (`/api/v1/log/entries/<uuid>`, openapi.yaml): only
            // its UUID is used, against the log's base URL, as sigstore-js does (witness/tlog/client.js).
            // A path resolved against the host would miss a log served below a path prefix.
            const uuid = new URL(location, 'http://rekor.invalid').pathname.split('/').pop() ?? '';
            if (!/^[0-9a-f]{64,80}$/i.test(uuid)) {
                throw new errors/* ActionError */.lZ('TLOG_FAILED', `Rekor answered 409 (entry already exists) with a Location that names no entry (${JSON.stringify(location.slice(0, 200))}).`);
            }
            const existing = await this.client.send({
                method: 'GET',
                url: `${this.baseURL}/api/v1/log/entries/${uuid}`,
                headers: { accept: 'application/json' },
                json: true,
            });
            answer = existing.json;
        }
        return { tlogEntries: [rekorV1Entry(answer)] };
    }
}
/**
 * Rekor v2 (rekor-tiles) answered 409 AlreadyExists: it already holds this very entry (an earlier
 * attempt whose answer was lost landed it, or the same signature was logged twice). It returns
 * neither the entry nor its inclusion proof, and serves no API to read them back, so this
 * signature cannot get a bundle: the caller signs again (fresh randomness, a new entry).
 */
class TlogEntryExists extends errors/* ActionError */.lZ {
    logURL;
    logIndex;
    constructor(logURL, logIndex) {
        super('TLOG_FAILED', `Rekor v2 (${logURL}) already holds this signature${logIndex ? ` at log index ${logIndex}` : ''} and returns no copy of its entry; sign it again.`);
        this.logURL = logURL;
        this.logIndex = logIndex;
    }
}
class RekorV2Witness {
    baseURL;
    client;
    constructor(baseURL, options) {
        this.baseURL = baseURL;
        this.client = rekorClient(options);
    }
    async testify(content, publicKey) {
        const request = rekorV2Request(content, publicKey);
        const answer = await this.client.send({
            method: 'POST',
            url: `${this.baseURL}/api/v2/log/entries`,
            headers: { 'content-type': 'application/json', accept: 'application/json' },
            body: JSON.stringify(v2.CreateEntryRequest.toJSON(request)),
            // rekor-tiles internal/server/service.go: a duplicate is codes.AlreadyExists (HTTP 409)
            // with the existing entry's index in the x-log-index header.
            passStatuses: [409],
            json: true,
        });
        if (answer.status === 409) {
            const index = answer.headers.get('x-log-index');
            throw new TlogEntryExists(this.baseURL, index && /^\d+$/.test(index) ? index : undefined);
        }
        let entry;
        try {
            entry = protobuf_specs_dist.TransparencyLogEntry.fromJSON(answer.json);
        }
        catch (err) {
            throw malformed(`the entry is not a TransparencyLogEntry: ${err.message}`);
        }
        if (!entry.logId || !entry.kindVersion)
            throw malformed('the entry has no logId or kindVersion');
        return { tlogEntries: [entry] };
    }
}
class TimestampWitness {
    client;
    url;
    constructor(tsaURL, options) {
        this.client = new ServiceClient({
            ...options,
            service: 'the timestamp authority',
            errorCode: 'TSA_FAILED',
        });
        // A signing config lists the full endpoint; a bare base URL gets the standard path.
        this.url =
            new URL(tsaURL).pathname === '/' ? `${tsaURL.replace(/\/$/, '')}/api/v1/timestamp` : tsaURL;
    }
    async testify(content) {
        const signature = content.$case === 'dsseEnvelope'
            ? content.dsseEnvelope.signatures[0]?.sig
            : content.messageSignature.signature;
        if (!signature)
            throw new errors/* ActionError */.lZ('SIGNING_FAILED', 'there is no signature to timestamp.');
        const { body } = await this.client.send({
            method: 'POST',
            url: this.url,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
                artifactHash: (0,external_node_crypto_.createHash)('sha256').update(signature).digest('base64'),
                hashAlgorithm: 'sha256',
            }),
            validate: timestampProblem,
        });
        return { rfc3161Timestamps: [{ signedTimestamp: body }] };
    }
}
/** Why a TSA answer is not an RFC 3161 timestamp token, or undefined when it is one. */
function timestampProblem(body) {
    try {
        core_dist.RFC3161Timestamp.parse(Buffer.from(body));
        return undefined;
    }
    catch (err) {
        return `a body that is not an RFC 3161 timestamp (${err.message})`;
    }
}
/** Rekor v1's `{uuid: entry}` answer as a bundle's TransparencyLogEntry (as sigstore-js maps it). */
function rekorV1Entry(answer) {
    if (typeof answer !== 'object' || answer === null)
        throw malformed('the answer is not an object');
    const values = Object.values(answer);
    if (values.length !== 1)
        throw malformed(`the answer has ${values.length} entries, not 1`);
    const entry = values[0];
    try {
        const body = JSON.parse(Buffer.from(entry.body, 'base64').toString('utf8'));
        const proof = entry.verification?.inclusionProof;
        const set = entry.verification?.signedEntryTimestamp;
        return {
            logIndex: entry.logIndex.toString(),
            logId: { keyId: Buffer.from(entry.logID, 'hex') },
            integratedTime: entry.integratedTime.toString(),
            kindVersion: { kind: body.kind, version: body.apiVersion },
            inclusionPromise: set ? { signedEntryTimestamp: Buffer.from(set, 'base64') } : undefined,
            inclusionProof: proof
                ? {
                    logIndex: proof.logIndex.toString(),
                    treeSize: proof.treeSize.toString(),
                    rootHash: Buffer.from(proof.rootHash, 'hex'),
                    hashes: proof.hashes.map((h) => Buffer.from(h, 'hex')),
                    checkpoint: { envelope: proof.checkpoint },
                }
                : undefined,
            canonicalizedBody: Buffer.from(entry.body, 'base64'),
        };
    }
    catch (err) {
        throw malformed(`the entry cannot be read: ${err.message}`);
    }
}
function malformed(detail) {
    return new errors/* ActionError */.lZ('TLOG_FAILED', `Rekor's answer is malformed: ${detail}.`);
}

;// CONCATENATED MODULE: ./build/sigstore/services.js




// The API versions @sigstore/sign 5 (and so this action) speaks, newest first.
const CA_API_VERSIONS = [1];
const TLOG_API_VERSIONS = [2, 1];
const TSA_API_VERSIONS = [1];
/**
 * Rekor v2 integrates entries in batches: rekor-tiles' own client and sigstore-go give every
 * write 30 s (rekor-tiles pkg/client/write/write.go `defaultTimeout`, sigstore-go
 * pkg/sign/transparency.go). sigstore-js gives 20 s.
 */
const MIN_REKOR_V2_TIMEOUT_MS = 30_000;
/**
 * Picks the CA, the transparency logs and the TSAs of a signing run from a v0.2 signing config,
 * as protobuf-specs' sigstore_trustroot.proto says a client MUST (and sigstore-go's
 * pkg/root/signing_config.go `SelectServices` does): only services valid now; logs and TSAs of
 * the highest API version this client supports that has any; at most one per operator, the one
 * with the newest `validFor.start`; then as many as the selector asks (ANY: one, EXACT: `count`,
 * ALL: every one), an error when there are fewer. sigstore-go picks at random among equals and
 * sigstore-python takes them in listed order; we take the newest first, so a run is repeatable.
 * sigstore-js's `bundleBuilderFromSigningConfig` cannot be called: it accepts only ANY, and builds
 * its own FulcioSigner, which fetches a new token and certificate for every file; this action
 * reuses one certificate for the whole run.
 */
function selectServices(config, options = {}) {
    const now = options.now ?? new Date();
    const what = options.configName ?? 'the signing config';
    const forced = options.rekorVersion;
    const ca = byVersion(config.caUrls, CA_API_VERSIONS, now)[0];
    if (!ca) {
        throw new errors/* ActionError */.lZ('TRUST_CONFIG_INVALID', `${what} lists no usable certificate authority (caUrls with majorApiVersion 1, valid now).`);
    }
    if (!config.rekorTlogUrls.length) {
        throw new errors/* ActionError */.lZ('TRUST_CONFIG_INVALID', `${what} lists no transparency log (rekorTlogUrls): every signature must be logged.`);
    }
    const logCandidates = byVersion(config.rekorTlogUrls, forced ? [forced.majorApiVersion] : TLOG_API_VERSIONS, now);
    if (logCandidates.length === 0) {
        throw new errors/* ActionError */.lZ('TRUST_CONFIG_INVALID', forced
            ? `${forced.input} is ${forced.majorApiVersion}, but ${what} lists no Rekor v${forced.majorApiVersion} log valid now (rekorTlogUrls with majorApiVersion ${forced.majorApiVersion}): ${forced.majorApiVersion === 2 ? `this instance does not offer Rekor v2; remove ${forced.input} (or set it to 1)` : `remove ${forced.input} to use the instance's own log`}.`
            : `${what} lists no usable transparency log (rekorTlogUrls with majorApiVersion 1 or 2, valid now).`);
    }
    const logs = applySelector(logCandidates, config.rekorTlogConfig, 'rekorTlogConfig', what);
    let tsas = [];
    if (config.tsaUrls.length) {
        const candidates = byVersion(config.tsaUrls, TSA_API_VERSIONS, now);
        // A listed TSA that is not usable now is no error unless the selector asks for a count:
        // Rekor v1 entries carry their own signed time (and Rekor v2 is checked below).
        if (candidates.length > 0 || config.tsaConfig?.selector === protobuf_specs_dist.ServiceSelector.EXACT) {
            tsas = applySelector(candidates, config.tsaConfig, 'tsaConfig', what);
        }
    }
    if (logs[0].majorApiVersion === 2 && tsas.length === 0) {
        // Rekor v2 entries carry no signed timestamp: without a TSA no verifier can accept them.
        throw new errors/* ActionError */.lZ('TRUST_CONFIG_INVALID', `${what} uses Rekor v2 but lists no usable timestamp authority (tsaUrls); Rekor v2 bundles need one.`);
    }
    return {
        fulcioURL: ca.url,
        logs: logs.map((log) => ({ url: log.url, majorApiVersion: log.majorApiVersion === 2 ? 2 : 1 })),
        tsaURLs: tsas.map((tsa) => tsa.url),
    };
}
/** Rekor (one witness per selected log) and the TSAs, as @sigstore/sign witnesses. */
function createWitnesses(services, options) {
    const rekorV2Options = {
        ...options,
        policy: {
            ...options.policy,
            timeoutMs: Math.max(options.policy.timeoutMs, MIN_REKOR_V2_TIMEOUT_MS),
        },
    };
    return [
        ...services.logs.map((log) => log.majorApiVersion === 2
            ? new RekorV2Witness(log.url, rekorV2Options)
            : new RekorV1Witness(log.url, options)),
        ...services.tsaURLs.map((url) => new TimestampWitness(url, options)),
    ];
}
/** "Rekor v1 https://rekor.sigstore.dev", or a list of logs, for logs and summaries. */
function describeLogs(logs) {
    return logs.map((log) => `Rekor v${log.majorApiVersion} ${log.url}`).join(', ');
}
/**
 * The services valid at `now`, of the first API version in `versions` (highest first) that
 * has any, one per operator (the newest `validFor.start`), newest first.
 */
function byVersion(services, versions, now) {
    const valid = services.filter((s) => (!s.validFor?.start || s.validFor.start <= now) &&
        (!s.validFor?.end || s.validFor.end >= now));
    for (const version of versions) {
        // A stable sort: services with the same start keep the config's order.
        const newestFirst = valid
            .filter((s) => s.majorApiVersion === version)
            .sort((a, b) => (b.validFor?.start?.getTime() ?? 0) - (a.validFor?.start?.getTime() ?? 0));
        const operators = new Set();
        const chosen = newestFirst.filter((s) => {
            if (operators.has(s.operator))
                return false;
            operators.add(s.operator);
            return true;
        });
        if (chosen.length > 0)
            return chosen;
    }
    return [];
}
/**
 * The selector of a list's ServiceConfiguration. A config without one (v0.2 requires it) means
 * ANY, as before selectors existed; SERVICE_SELECTOR_UNDEFINED is an error (the proto: "A client
 * SHOULD throw an error if the value is SERVICE_SELECTOR_UNDEFINED"; sigstore-go does).
 */
function applySelector(candidates, config, field, what) {
    const selector = config?.selector ?? protobuf_specs_dist.ServiceSelector.ANY;
    const list = field === 'rekorTlogConfig' ? 'rekorTlogUrls' : 'tsaUrls';
    switch (selector) {
        case protobuf_specs_dist.ServiceSelector.ANY:
            return candidates.slice(0, 1);
        case protobuf_specs_dist.ServiceSelector.ALL:
            return candidates;
        case protobuf_specs_dist.ServiceSelector.EXACT: {
            const count = config?.count ?? 0;
            if (count < 1) {
                throw new errors/* ActionError */.lZ('TRUST_CONFIG_INVALID', `${what}: ${field} is EXACT with count ${count}; the count must be at least 1. Pass the signing config of your Sigstore instance, unmodified.`);
            }
            if (candidates.length < count) {
                throw new errors/* ActionError */.lZ('TRUST_CONFIG_INVALID', `${what}: ${field} asks for EXACT ${(0,wording/* counted */.hS)(count, 'service')}, but ${list} has ${candidates.length} usable (valid now, of one supported API version, one per operator). Fix the signing config: list ${(0,wording/* counted */.hS)(count, 'service')} of distinct operators, or lower the count.`);
            }
            return candidates.slice(0, count);
        }
        default:
            throw new errors/* ActionError */.lZ('TRUST_CONFIG_INVALID', `${what}: ${field}.selector is ${protobuf_specs_dist.ServiceSelector[selector] ?? String(selector)}; a signing config must say ALL, ANY or EXACT. Pass the signing config of your Sigstore instance, unmodified.`);
    }
}

;// CONCATENATED MODULE: ./build/sigstore/public-log.js



/**
 * Signing with the public-good (or staging) instance writes the certificate, and with it the
 * repository, workflow, ref and commit, into a public transparency log that can never be
 * edited. For a private or internal repository that is a disclosure, so it needs the user's
 * explicit yes (`allow-private-repository`). GitHub's tokens say the repository's visibility in
 * their `repository_visibility` claim. A token without it (not a GitHub Actions token, or one
 * from a GitHub that does not say) cannot show that the repository is public, so it is treated
 * as private: fail closed.
 */
function checkPublicLogDisclosure(claims, options) {
    const visibility = claims.repository_visibility;
    if (visibility === 'public')
        return;
    const repository = typeof claims.repository === 'string' ? claims.repository : 'this repository';
    const known = typeof visibility === 'string';
    if (!options.allowPrivateRepository) {
        throw new errors/* ActionError */.lZ('PRIVATE_REPOSITORY', known
            ? `${repository} is ${visibility}, and signing with ${options.instanceName} records its name, workflow, ref and commit ` +
                'in a public transparency log, permanently. Set allow-private-repository: true if that is acceptable, ' +
                'or sign with a private Sigstore instance (signing-config and trusted-root).'
            : `the identity token does not say whether ${repository} is public (it has no repository_visibility claim), ` +
                `and signing with ${options.instanceName} records the token's identity in a public transparency log, permanently; ` +
                'so it is treated as private. Set allow-private-repository: true if that identity may be public, ' +
                'or sign with a private Sigstore instance (signing-config and trusted-root).');
    }
    core/* warning */.$e(known
        ? `${(0,log_text/* printable */.g$)(repository)} is ${(0,log_text/* printable */.g$)(visibility)}: its name, workflow, ref and commit will be public in ${options.instanceName}'s transparency log (allow-private-repository is true).`
        : `the identity token does not say whether ${(0,log_text/* printable */.g$)(repository)} is public: its identity will be public in ${options.instanceName}'s transparency log (allow-private-repository is true).`);
}
/**
 * Fetches the first token once for the checks made before any certificate (`peek`, as often as
 * needed), and hands that same token to the first certificate request, so the checks cost no
 * extra request to the runner. Later calls fetch fresh tokens.
 */
class FirstTokenReuse {
    inner;
    first;
    used = false;
    constructor(inner) {
        this.inner = inner;
    }
    preflight() {
        this.inner.preflight?.();
    }
    /** The first token, for a check; it is still handed out by the next getToken. */
    peek() {
        this.first ??= this.inner.getToken();
        return this.first;
    }
    getToken() {
        if (this.used)
            return this.inner.getToken();
        this.used = true;
        return this.peek();
    }
}

;// CONCATENATED MODULE: ./build/sign/bundle-file.js





/**
 * The bundle as JSON with every field the bundle spec marks REQUIRED present, zero or not.
 * Protobuf's JSON mapping (@sigstore/bundle's bundleToJSON) leaves out zero values: the first
 * entry of a log (index 0), a Rekor v2 entry's integrated time (always 0), the proof of a
 * one-entry tree (no hashes). sigstore-python's strict bundle parser then rejects the bundle
 * (protobuf-specs sigstore_rekor.proto: TransparencyLogEntry.log_index, integrated_time and
 * InclusionProof.log_index, tree_size, hashes are REQUIRED).
 */
function bundleJSON(bundle) {
    const json = (0,dist.bundleToJSON)(bundle);
    const material = json.verificationMaterial;
    const entries = material?.tlogEntries;
    if (material && Array.isArray(entries)) {
        material.tlogEntries = entries.map((value, i) => {
            const entry = value;
            const source = bundle.verificationMaterial.tlogEntries[i];
            const proof = entry.inclusionProof;
            // Rebuilt in the field order of the message, so the file reads as other clients write it.
            return {
                logIndex: source.logIndex,
                logId: entry.logId,
                kindVersion: entry.kindVersion,
                integratedTime: source.integratedTime,
                ...(entry.inclusionPromise ? { inclusionPromise: entry.inclusionPromise } : {}),
                ...(proof && source.inclusionProof
                    ? {
                        inclusionProof: {
                            logIndex: source.inclusionProof.logIndex,
                            rootHash: proof.rootHash,
                            treeSize: source.inclusionProof.treeSize,
                            hashes: proof.hashes ?? [],
                            checkpoint: proof.checkpoint,
                        },
                    }
                    : {}),
                ...(entry.canonicalizedBody ? { canonicalizedBody: entry.canonicalizedBody } : {}),
            };
        });
    }
    return json;
}
/**
 * Writes a bundle atomically: a temporary file in the same directory, then moved into place, so
 * a reader never sees half a bundle. Without `overwrite` the final step is a hard link, which
 * fails if the bundle appeared meanwhile instead of silently replacing it. No fsync: on a runner
 * a crash loses the whole job anyway, and 200 fsyncs cost more than the signing itself.
 */
async function writeBundleFile(bundlePath, displayPath, json, overwrite) {
    const dir = external_node_path_.dirname(bundlePath);
    const temp = external_node_path_.join(dir, `.${external_node_path_.basename(bundlePath)}.${(0,external_node_crypto_.randomBytes)(6).toString('hex')}.tmp`);
    try {
        const text = JSON.stringify(json) + '\n';
        try {
            await external_node_fs_.promises.writeFile(temp, text, { flag: 'wx', mode: 0o644 });
        }
        catch (err) {
            // Only bundle-directory can be missing; created on first use, so a failed run leaves none.
            if (err.code !== 'ENOENT')
                throw err;
            await external_node_fs_.promises.mkdir(dir, { recursive: true });
            await external_node_fs_.promises.writeFile(temp, text, { flag: 'wx', mode: 0o644 });
        }
        if (overwrite) {
            await external_node_fs_.promises.rename(temp, bundlePath);
        }
        else {
            await linkNoReplace(temp, bundlePath);
            await external_node_fs_.promises.rm(temp, { force: true });
        }
    }
    catch (err) {
        await external_node_fs_.promises.rm(temp, { force: true });
        const code = err.code;
        if (code === 'EEXIST') {
            throw new errors/* ActionError */.lZ('BUNDLE_EXISTS', `${displayPath} appeared while signing (another step writing it?); it was left as it is. Set overwrite: true to replace it.`);
        }
        throw new errors/* ActionError */.lZ('BUNDLE_WRITE_FAILED', `cannot write ${displayPath} (${code ?? String(err)}); check that the directory is writable and has space.`, { cause: err });
    }
}
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);
async function linkNoReplace(from, to) {
    try {
        await external_node_fs_.promises.link(from, to);
    }
    catch (err) {
        if (!NO_HARD_LINKS.has(err.code ?? ''))
            throw err;
        // A file system without hard links: check, then rename (atomic, but with a small race window).
        const exists = await external_node_fs_.promises.lstat(to).then(() => true, () => false);
        if (exists)
            throw Object.assign(new Error(`${to} exists`), { code: 'EEXIST' });
        await external_node_fs_.promises.rename(from, to);
    }
}

;// CONCATENATED MODULE: ./build/artifact/digest.js



/** Read size per call: large enough for full disk throughput, small enough to bound memory. */
const CHUNK_BYTES = 1024 * 1024;
/**
 * Digests of a file (SHA-256 unless told otherwise, several in one pass), streamed through one
 * reused buffer: memory stays at CHUNK_BYTES whatever the file's size. A file that changes while
 * it is read (another step still writing it) is an error rather than a signature over bytes
 * nobody has.
 */
async function digestFile(file, displayPath, options = {}) {
    const algorithms = options.algorithms ?? ['sha256'];
    let handle;
    try {
        handle = await external_node_fs_.promises.open(file, 'r');
    }
    catch (err) {
        throw unreadable(displayPath, err);
    }
    try {
        const before = await handle.stat();
        const hashes = algorithms.map((algorithm) => (0,external_node_crypto_.createHash)(algorithm));
        const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
        let size = 0;
        let content;
        for (let reads = 0;; reads++) {
            const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null);
            if (bytesRead === 0)
                break;
            const chunk = bytesRead === CHUNK_BYTES ? buffer : buffer.subarray(0, bytesRead);
            for (const hash of hashes)
                hash.update(chunk);
            content = reads === 0 ? Buffer.from(chunk) : undefined;
            size += bytesRead;
            options.onBytes?.(bytesRead);
        }
        const after = await handle.stat();
        if (size !== before.size || after.size !== before.size || after.mtimeMs !== before.mtimeMs) {
            throw new errors/* ActionError */.lZ('FILE_CHANGED', `${displayPath} changed while it was being read (size ${before.size} -> ${after.size}); make sure the step that writes it has finished.`);
        }
        const digests = Object.fromEntries(algorithms.map((a, i) => [a, hashes[i].digest()]));
        return { digests, size, content: content ?? (size === 0 ? Buffer.alloc(0) : undefined) };
    }
    catch (err) {
        if (err instanceof errors/* ActionError */.lZ)
            throw err;
        throw unreadable(displayPath, err);
    }
    finally {
        await handle.close();
    }
}
function unreadable(displayPath, err) {
    const code = err.code ?? String(err);
    return new errors/* ActionError */.lZ('FILE_UNREADABLE', `${displayPath} cannot be read (${code}); check that it exists and the runner user can read it.`, { cause: err });
}

;// CONCATENATED MODULE: ./build/sign/progress.js


const INTERVAL_MS = 10_000;
/**
 * A progress line every ten seconds while signing runs long (many files, or one large file
 * being hashed), so a log never looks stuck. Quiet for runs shorter than that.
 */
class ProgressReporter {
    total;
    files = 0;
    bytes = 0;
    timer;
    constructor(total) {
        this.total = total;
        this.timer = setInterval(() => this.report(), INTERVAL_MS);
        this.timer.unref();
    }
    addBytes(n) {
        this.bytes += n;
    }
    fileDone() {
        this.files++;
    }
    stop() {
        clearInterval(this.timer);
    }
    report() {
        core/* info */.pq(`Progress: ${this.files}/${this.total} ${(0,wording/* noun */.jB)(this.total, 'file')} signed, ${formatBytes(this.bytes)} hashed`);
    }
}
function formatBytes(bytes) {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
    }
    return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

;// CONCATENATED MODULE: ./build/sign/sign-files.js











/**
 * Signs every target: stream its digest, sign it with the run's certificate, log it (and
 * timestamp it) through the witnesses, write the v0.3 bundle atomically. Up to `concurrency`
 * files are in flight. After the first failure no new file is started (a release with some
 * files unsigned is not a release), the ones in flight finish, and the outcome lists all three.
 */
async function signFiles(targets, deps, options) {
    const signed = [];
    const failed = [];
    const progress = new ProgressReporter(targets.length);
    let next = 0;
    const worker = async () => {
        while (next < targets.length && failed.length === 0) {
            const target = targets[next++];
            try {
                const file = await signOne(target, deps, options, (n) => progress.addBytes(n));
                signed.push(file);
                core/* info */.pq(`${options.attestation ? 'Attested' : 'Signed'} ${(0,log_text/* printableName */.Nt)(target.displayPath)} -> ${(0,log_text/* printableName */.Nt)(target.bundleDisplayPath)} (log index ${(0,log_text/* printable */.g$)(file.logIndex)})`);
                progress.fileDone();
            }
            catch (err) {
                const error = err instanceof errors/* ActionError */.lZ
                    ? err
                    : new errors/* ActionError */.lZ('SIGNING_FAILED', (0,errors/* rootCauseMessage */.fG)(err), { cause: err });
                failed.push({ target, error });
            }
        }
    };
    const workers = Array.from({ length: Math.min(options.concurrency, targets.length) }, worker);
    try {
        await Promise.all(workers);
    }
    finally {
        progress.stop();
    }
    const done = new Set([...signed.map((s) => s.target), ...failed.map((f) => f.target)]);
    const order = new Map(targets.map((t, i) => [t, i]));
    signed.sort((a, b) => order.get(a.target) - order.get(b.target));
    return { signed, failed, skipped: targets.filter((t) => !done.has(t)) };
}
/**
 * How many times one file is signed when Rekor v2 answers that it already holds the entry. Each
 * new signature is fresh (random or hedged ECDSA nonces), so a second collision means something
 * else went wrong (another lost answer); five attempts leave room for that, not for a loop.
 */
const MAX_SIGNATURES_PER_FILE = 5;
async function signOne(target, deps, options, onBytes) {
    const { digests, size, content } = await digestFile(target.path, target.displayPath, { onBytes });
    const sha256 = digests.sha256;
    for (let attempt = 1;; attempt++) {
        // Fetched after hashing, so a long hash cannot eat into the certificate's validity.
        const credential = await deps.credential();
        const bundle = options.attestation
            ? attestationBundle(target, sha256, options.attestation, credential)
            : (0,dist.toMessageSignatureBundle)({
                digest: sha256,
                signature: content ? credential.signMessage(content) : credential.signDigest(sha256),
                certificate: credential.certificateDER,
                // false: a v0.3 bundle with the leaf `certificate` (true would give v0.2's chain).
                certificateChain: false,
            });
        let material;
        try {
            material = await witness(deps.witnesses, bundle, credential);
        }
        catch (err) {
            // Rekor v2 already holds this entry and cannot hand it back (witnesses.ts): a new
            // signature is a new entry. Choosing this over rebuilding the entry and its proof from the
            // log's tiles: the tiles are served from another address than the write API, and a
            // rebuilt body that differs from the log's by one byte makes a bundle no one can verify.
            // The cost is one more entry in a public log, for a rare event.
            if (err instanceof TlogEntryExists && attempt < MAX_SIGNATURES_PER_FILE) {
                core/* info */.pq(`${(0,log_text/* printableName */.Nt)(target.displayPath)}: the transparency log already holds this signature (a repeated request); signing again`);
                continue;
            }
            throw err instanceof TlogEntryExists ? witnessError(err) : err;
        }
        bundle.verificationMaterial.tlogEntries = material.tlogEntries;
        bundle.verificationMaterial.timestampVerificationData = {
            rfc3161Timestamps: material.rfc3161Timestamps,
        };
        deps.check?.(bundle, { sha256, content }, credential);
        await writeBundleFile(target.bundlePath, target.bundleDisplayPath, bundleJSON(bundle), options.overwrite);
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
function attestationBundle(target, sha256, attestation, credential) {
    const statement = (0,attest_statement/* inTotoStatement */.Hg)({ name: external_node_path_.basename(target.path), sha256Hex: sha256.toString('hex') }, attestation);
    return (0,dist.toDSSEBundle)({
        artifact: statement,
        artifactType: attest_statement/* IN_TOTO_PAYLOAD_TYPE */.T4,
        signature: credential.signMessage(core_dist.dsse.preAuthEncoding(attest_statement/* IN_TOTO_PAYLOAD_TYPE */.T4, statement)),
        certificate: credential.certificateDER,
        certificateChain: false,
    });
}
/** Rekor and the TSA in parallel, as @sigstore/sign's BaseBundleBuilder does. */
async function witness(witnesses, bundle, credential) {
    const material = { tlogEntries: [], rfc3161Timestamps: [] };
    const results = await Promise.all(witnesses.map((w) => w.testify(bundle.content, credential.certificatePEM).catch((err) => {
        // Kept as it is: signOne signs again.
        throw err instanceof TlogEntryExists ? err : witnessError(err);
    })));
    for (const result of results) {
        material.tlogEntries.push(...(result.tlogEntries ?? []));
        material.rfc3161Timestamps.push(...(result.rfc3161Timestamps ?? []));
    }
    if (material.tlogEntries.length === 0) {
        throw new errors/* ActionError */.lZ('TLOG_FAILED', 'the transparency log returned no entry.');
    }
    return material;
}
/**
 * A witness's failure as the file's. The message does not name the file: the outcome pairs each
 * error with its file, and the reports print the name once (and group files that failed alike).
 */
function witnessError(err) {
    // Our witnesses (sigstore/witnesses.ts) already say which service failed and how.
    if (err instanceof errors/* ActionError */.lZ)
        return err;
    const code = err instanceof Error && 'code' in err ? String(err.code) : '';
    const isTSA = code.startsWith('TSA_');
    return new errors/* ActionError */.lZ(isTSA ? 'TSA_FAILED' : 'TLOG_FAILED', `${isTSA ? 'the timestamp authority' : 'the transparency log (Rekor)'} failed: ${(0,errors/* rootCauseMessage */.fG)(err)}.`, { cause: err });
}

;// CONCATENATED MODULE: ./build/sign/run.js

















/** Files signed at once: enough to hide log round trips, few enough to be polite to Rekor. */
const SIGN_CONCURRENCY = 32;
/**
 * A whole signing run: find the files, check every bundle can be written, load the instance,
 * then sign. Everything that can be refused is refused before the first network call that
 * leaves a trace (the certificate and the log entries), so a bad input writes nothing.
 */
async function runSign(config, env) {
    const files = await expandInputPatterns(config.patterns, {
        baseDir: env.baseDir,
        skipGlobMatch: isBundlePath,
    });
    const targets = await planSigning(files, {
        baseDir: env.baseDir,
        bundleDirectory: config.bundleDirectory,
        overwrite: config.overwrite,
        bundleSuffix: config.attestation ? ATTESTATION_SUFFIX : BUNDLE_SUFFIX,
    });
    // A predicate file is read now: a bad one must stop the run before anything is sent.
    const source = config.attestation?.source;
    const givenPredicate = source?.kind === 'inline'
        ? source.predicate
        : source?.kind === 'file'
            ? await (0,predicate/* readPredicateFile */.U$)(source, env.baseDir)
            : undefined;
    await env.beforeSigning?.(targets);
    env.identityProvider.preflight?.();
    const count = (0,wording/* counted */.hS)(targets.length, 'file');
    core/* info */.pq(config.attestation
        ? `Attesting ${count}: each becomes the subject of an in-toto statement of type ${(0,log_text/* printable */.g$)(config.attestation.predicateType)}`
        : `Signing ${count}`);
    // Checks of the token before anything leaves the machine: a refusal here has disclosed
    // nothing (no request to the instance, no certificate in a public CT log, no log entry). They
    // share the first token with the first certificate request. A run that needs no such check
    // fetches no token before the instance and its services are known.
    const identityProvider = new FirstTokenReuse(env.identityProvider);
    const claims = () => identityProvider.peek().then((token) => (0,identity/* decodeTokenClaims */.lK)(token));
    const publicChoice = publicInstanceChoice(config.instance);
    if (publicChoice) {
        checkPublicLogDisclosure(await claims(), {
            instanceName: publicChoice,
            allowPrivateRepository: config.allowPrivateRepository,
        });
    }
    if (source?.kind === 'github-provenance')
        checkProvenanceClaims(await claims());
    // Then the instance and its services: a signing config this run cannot use (no log of the
    // asked rekor-version, too few for an EXACT selector, a service over plain http) is refused
    // before any certificate. A signing-config file is only read from disk here; a TUF
    // repository's metadata is fetched (that discloses nothing about the signer).
    const instance = await loadInstance(config.instance, {
        tufCachePath: env.tufCachePath,
        rekorVersion: config.rekorVersion?.majorApiVersion,
        httpHosts: env.httpHosts,
    });
    const services = selectServices(instance.signingConfig, {
        rekorVersion: config.rekorVersion,
        configName: instance.signingConfigName,
    });
    // The public instances whatever named them: a signing config or a TUF repository can name
    // public-good's Fulcio and Rekor too. Decided by destination, before the first request to any
    // of them (the token, fetched from the runner, has not left the machine yet).
    const publicDestination = publicDestinationOf(services);
    if (publicDestination && !publicChoice) {
        checkPublicLogDisclosure(await claims(), {
            instanceName: `${publicDestination.instance} (${publicDestination.urls.join(', ')}, named by ${instance.signingConfigName})`,
            allowPrivateRepository: config.allowPrivateRepository,
        });
    }
    if (config.oidcAudience !== undefined &&
        config.oidcAudience !== identity/* SIGSTORE_AUDIENCE */.OH &&
        (0,destinations/* publicInstanceOf */.Ol)(services.fulcioURL)) {
        throw new errors/* ActionError */.lZ('INPUT_INVALID', `oidc-audience is ${JSON.stringify(config.oidcAudience)}, but this run would send the token to ${services.fulcioURL}, which accepts the audience "${identity/* SIGSTORE_AUDIENCE */.OH}" only; leave oidc-audience unset for the public instances.`);
    }
    const check = config.verify ? bundleCheck(instance, config) : undefined;
    core/* info */.pq((0,log_text/* printableName */.Nt)(`Using ${instance.name}: Fulcio ${services.fulcioURL}, ${describeLogs(services.logs)}` +
        (services.tsaURLs.length ? `, timestamps from ${services.tsaURLs.join(', ')}` : '')));
    const session = new CertificateSession({
        fulcioURL: services.fulcioURL,
        identityProvider,
        network: env.network,
    });
    // The first certificate before any file: a missing permission or a refused token is one
    // clear error, not the same error once per file.
    const first = await session.credential();
    core/* info */.pq(`Signing certificate for ${(0,log_text/* printable */.g$)(first.identity)} (valid until ${first.notAfter.toISOString()})`);
    // Provenance comes from the first certificate's claims: a renewed one is for the same job.
    let attestation;
    if (config.attestation) {
        let predicate = givenPredicate;
        if (!predicate) {
            const provenance = githubBuildProvenance(first.certificatePEM, first.identity);
            core/* info */.pq(`SLSA build provenance from the certificate's workflow claims: builder ${(0,log_text/* printable */.g$)(provenance.runDetails.builder.id)}, commit ${(0,log_text/* printable */.g$)(provenance.buildDefinition.resolvedDependencies[0].digest.gitCommit)}`);
            predicate = provenance;
        }
        attestation = { predicateType: config.attestation.predicateType, predicate };
    }
    const outcome = await signFiles(targets, {
        credential: () => session.credential(),
        witnesses: createWitnesses(services, env.network),
        check,
    }, { concurrency: SIGN_CONCURRENCY, overwrite: config.overwrite, attestation });
    const retries = env.network.stats.describeRetries();
    core/* info */.pq(`Requests: ${env.network.stats.describeRequests()}` +
        (retries ? `; retried after transient failures: ${retries}` : '; none retried'));
    return {
        instance: {
            kind: instance.kind,
            name: instance.name,
            search: instance.search,
            trustedRoot: instance.trustedRoot,
        },
        services,
        targets,
        outcome,
        certificates: session.issued,
        network: env.network.stats,
        attestation,
    };
}
/** The public instance the user chose by name, if they did. */
function publicInstanceChoice(instance) {
    return instance.kind === 'public-good'
        ? 'the Sigstore public-good instance'
        : instance.kind === 'staging'
            ? 'Sigstore staging'
            : undefined;
}
/** The services of a public instance this run would send to (Fulcio, Rekor, TSA), if any. */
function publicDestinationOf(services) {
    const urls = [services.fulcioURL, ...services.logs.map((l) => l.url), ...services.tsaURLs];
    const public_ = urls.filter((url) => (0,destinations/* publicInstanceOf */.Ol)(url) !== undefined);
    if (public_.length === 0)
        return undefined;
    return { instance: (0,destinations/* publicInstanceOf */.Ol)(public_[0]), urls: public_ };
}
/**
 * Sign mode's `verify`: each new bundle is verified, from its digest, against the instance's
 * trusted root and the expected identity and issuer (the certificate's own unless cert-identity
 * or cert-oidc-issuer is given) BEFORE it is written, so a bundle no verifier would accept never
 * reaches a release.
 */
function bundleCheck(instance, config) {
    if (!instance.trustedRoot) {
        throw new errors/* ActionError */.lZ('INPUT_INVALID', 'verify needs the trusted root of the instance: pass trusted-root with signing-config, or set verify: false.');
    }
    const verifier = new BundleVerifier(instance.trustedRoot);
    const names = config.expectationNames ?? {
        identity: 'cert-identity',
        issuer: 'cert-oidc-issuer',
    };
    return (bundle, file, credential) => {
        const policy = {
            identity: config.expectedIdentity ?? credential.identity,
            issuer: config.expectedIssuer ?? credential.issuer ?? verify_policy/* GITHUB_ACTIONS_ISSUER */.qQ,
            claims: {},
        };
        try {
            verifier.verify(bundle, { digests: { sha256: file.sha256 }, content: file.content }, { kind: 'identity', policy });
        }
        catch (err) {
            if (!(err instanceof errors/* ActionError */.lZ))
                throw err;
            const hint = err.code !== 'POLICY_MISMATCH'
                ? ''
                : config.expectedIdentity && credential.identity !== config.expectedIdentity
                    ? ` (${names.identity} must be the identity this job signs as; see the identity output)`
                    : config.expectedIssuer
                        ? ` (${names.issuer} must be the issuer of the token this job signs with${credential.issuer ? `, ${credential.issuer}` : ''})`
                        : '';
            throw new errors/* ActionError */.lZ(err.code, `the new bundle does not verify, so it was not written: ${err.message}${hint}`, { cause: err });
        }
    };
}

;// CONCATENATED MODULE: ./build/sigstore/runner-token.js


/**
 * The job's OIDC identity token from the runner's token service, the request @actions/core's
 * getIDToken makes (GET ACTIONS_ID_TOKEN_REQUEST_URL&audience=..., bearer
 * ACTIONS_ID_TOKEN_REQUEST_TOKEN, answer `{"value": jwt}`), through our ServiceClient: the
 * toolkit's client retries only 502-504, with no timeout, jitter or Retry-After. The token is
 * masked in the log the moment it arrives, as getIDToken does.
 */
function runnerTokenFetcher(env, network, onToken = () => undefined) {
    const client = new ServiceClient({
        ...network,
        service: "the runner's OIDC token service",
        errorCode: 'OIDC_TOKEN_FAILED',
    });
    return async (audience) => {
        const { json } = await client.send({
            method: 'GET',
            url: `${env.ACTIONS_ID_TOKEN_REQUEST_URL ?? ''}&audience=${encodeURIComponent(audience)}`,
            headers: {
                authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN ?? ''}`,
                accept: 'application/json',
            },
            json: true,
        });
        const value = json?.value;
        if (typeof value !== 'string' || !value) {
            throw new Error('the answer has no "value" field with the token');
        }
        core/* setSecret */.Pq(value);
        onToken(value);
        return value;
    };
}

;// CONCATENATED MODULE: ./build/verify/coverage.js
/**
 * Which of the files a verify run was given are checked, and how: a gate must not skip a file
 * without a word. Each file named like a bundle (`.sigstore.json`, `.sigstore`,
 * `.intoto.sigstore.json`) is either the bundle a file of the run is verified with, or another
 * bundle of such a file (then checked against that file too), or a file with its own bundle
 * (then verified like any file); anything else is "not covered", and fails the run.
 */
async function planCoverage(items, rules) {
    const subjects = items.filter((item) => !rules.isBundle(item));
    let pending = items.filter((item) => rules.isBundle(item));
    const own = new Map();
    let owners;
    for (;;) {
        for (const subject of subjects) {
            if (!own.has(subject))
                own.set(subject, await rules.ownBundle(subject));
        }
        owners = new Map();
        for (const subject of subjects) {
            for (const key of rules.bundleKeys(subject))
                if (!owners.has(key))
                    owners.set(key, subject);
        }
        // A bundle-named file that belongs to no subject but has a bundle of its own (a signed
        // bundle, a product named like one) is a subject itself; its bundles may own others.
        const promoted = [];
        for (const item of pending) {
            if (owners.has(rules.key(item)))
                continue;
            const bundle = await rules.ownBundle(item);
            if (bundle !== undefined) {
                own.set(item, bundle);
                promoted.push(item);
            }
        }
        if (promoted.length === 0)
            break;
        subjects.push(...promoted);
        pending = pending.filter((item) => !promoted.includes(item));
    }
    const otherBundles = [];
    const uncovered = [];
    for (const item of pending) {
        const owner = owners.get(rules.key(item));
        if (owner === undefined)
            uncovered.push(item);
        else if (own.get(owner) !== rules.key(item))
            otherBundles.push({ bundle: item, of: owner });
    }
    return { subjects, otherBundles, uncovered };
}

;// CONCATENATED MODULE: ./build/verify/verify-file.js





/** Files up to this size are kept readable for signatures that cannot be checked from a digest. */
const MAX_IN_MEMORY_ARTIFACT_BYTES = 64 * 1024 * 1024;
/** Reads and parses a bundle file, with errors that name it. */
async function readBundle(bundlePath, displayPath) {
    let text;
    try {
        const stat = await external_node_fs_.promises.stat(bundlePath);
        if (!stat.isFile()) {
            // A FIFO would block the read forever, a device would never end.
            throw new VerificationFailure('BUNDLE_MALFORMED', `${displayPath} is not a regular file, so it is not a Sigstore bundle; check that it is the bundle`);
        }
        if (stat.size > bundle_json/* MAX_BUNDLE_BYTES */.Me)
            throw tooLarge(displayPath, stat.size);
        text = await external_node_fs_.promises.readFile(bundlePath, 'utf8');
    }
    catch (err) {
        if (err instanceof errors/* ActionError */.lZ)
            throw err;
        const code = err.code;
        throw new VerificationFailure(code === 'ENOENT' ? 'BUNDLE_NOT_FOUND' : 'BUNDLE_MALFORMED', code === 'ENOENT'
            ? `no bundle: ${displayPath} does not exist`
            : `cannot read ${displayPath} (${code ?? String(err)})`);
    }
    return parseBundleText(text, displayPath);
}
function tooLarge(displayPath, bytes) {
    return new VerificationFailure('BUNDLE_MALFORMED', `${displayPath} is ${bytes} bytes, far too large for a Sigstore bundle (a few kilobytes); check that it is the bundle, not the signed file itself`);
}
/**
 * Parses the text of a bundle file (what readBundle read), with errors that name it. A file that
 * is not a bundle is never quoted: it may be anything (a link to the runner's environment, a
 * credentials file), so its messages say where it breaks, never what it holds.
 */
function parseBundleText(text, displayPath) {
    const bytes = Buffer.byteLength(text);
    if (bytes > bundle_json/* MAX_BUNDLE_BYTES */.Me) {
        throw new VerificationFailure('BUNDLE_MALFORMED', `${displayPath} is ${bytes} bytes, far too large for a Sigstore bundle`);
    }
    let json;
    try {
        json = JSON.parse(text);
    }
    catch (err) {
        // V8's message quotes the text around the error: only the position is kept.
        const position = /at position (\d+)/.exec(err.message)?.[1];
        throw new VerificationFailure('BUNDLE_MALFORMED', text.trim() === ''
            ? `the bundle ${displayPath} is empty; download it again, or sign the file again`
            : text.trimStart().startsWith('{')
                ? `the bundle ${displayPath} is not valid JSON${position ? ` (at character ${position})` : ''}; it may be truncated: download it again, or sign the file again`
                : `${displayPath} is not a Sigstore bundle: it is not a JSON object; check that it is the bundle of the file, not another file`);
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
        throw new VerificationFailure('BUNDLE_MALFORMED', `the bundle ${displayPath} is not a Sigstore bundle (it is JSON ${json === null ? 'null' : Array.isArray(json) ? 'array' : typeof json}, not an object); check that it is the right file, or sign the file again`);
    }
    return json;
}
/**
 * Verifies one bundle against one artifact: reads the bundle, streams the file's digest (in the
 * algorithm the bundle uses), then checks everything the verifier checks.
 */
async function verifyArtifact(verifier, artifact, bundleJSON, signer, expected = {}) {
    const bundle = parseBundle(bundleJSON);
    const algorithms = requiredDigests(bundle);
    let evidence;
    let size;
    if (artifact.kind === 'digest') {
        if (!algorithms.includes('sha256')) {
            throw new VerificationFailure('BUNDLE_MISMATCH', `the bundle needs a ${algorithms[0]} digest of the file; a sha256 digest cannot be checked against it`);
        }
        evidence = { digests: { sha256: artifact.sha256 } };
    }
    else {
        // SHA-256 always, in the same pass: the outputs pin the bytes that were checked.
        const file = await digestFile(artifact.path, artifact.displayPath, {
            algorithms: algorithms.includes('sha256') ? algorithms : [...algorithms, 'sha256'],
        });
        size = file.size;
        evidence = {
            digests: file.digests,
            content: file.content,
            readBytes: file.size <= MAX_IN_MEMORY_ARTIFACT_BYTES ? () => (0,external_node_fs_.readFileSync)(artifact.path) : undefined,
        };
    }
    const verified = verifier.verify(bundle, evidence, signer, expected);
    const sha256 = evidence.digests.sha256;
    if (!sha256)
        throw new Error("internal: the file's sha256 digest was not computed");
    return { ...verified, sha256: sha256.toString('hex'), size };
}

;// CONCATENATED MODULE: ./build/verify/run.js












/** Files verified at once: hashing is the cost, so about two per core. */
const VERIFY_CONCURRENCY = 8;
/**
 * Verify mode: every file named by the inputs must have a bundle that verifies against the
 * trusted root and the identity policy. Every file is checked (a gate that stops at the first
 * failure hides the others); the caller fails the step once, listing each failure.
 */
async function runVerify(config, env) {
    const matched = await expandInputPatterns(config.patterns, { baseDir: env.baseDir });
    const givenBundle = config.bundlePath ? external_node_path_.resolve(env.baseDir, config.bundlePath) : undefined;
    const found = new Map();
    const coverage = await planCoverage(matched, {
        key: (file) => file.path,
        isBundle: (file) => isBundlePath(file.path) || file.path === givenBundle,
        bundleKeys: (file) => givenBundle
            ? [givenBundle]
            : bundleCandidates(file, config.bundleDirectory, env.baseDir, ALL_SUFFIXES),
        ownBundle: async (file) => {
            const located = await locate(file, config, env.baseDir);
            found.set(file.path, located);
            return 'bundle' in located ? located.bundle : undefined;
        },
    });
    if (config.bundlePath && coverage.subjects.length !== 1) {
        throw new errors/* ActionError */.lZ('INPUT_INVALID', `bundle names the bundle of ONE file, and inputs matched ${coverage.subjects.length}; remove bundle to use each file's own <file>${config.predicateType ? ATTESTATION_SUFFIX : BUNDLE_SUFFIX}.`);
    }
    const { name, trustedRoot } = await loadTrustedRoot(config.trust, {
        tufCachePath: env.tufCachePath,
        httpHosts: env.httpHosts,
    });
    const count = coverage.subjects.length + coverage.otherBundles.length;
    core/* info */.pq(`Verifying ${(0,wording/* counted */.hS)(count, 'file')} against the trusted root of ${(0,log_text/* printableName */.Nt)(name)}` +
        (config.predicateType ? `: attestations of type ${(0,log_text/* printable */.g$)(config.predicateType)}` : ''));
    const verifier = new BundleVerifier(trustedRoot);
    const checks = [
        ...coverage.subjects.map((file) => () => verifyOne(file, found.get(file.path), config, env, verifier)),
        ...coverage.otherBundles.map(({ bundle, of }) => () => verifyOne(of, { bundle: bundle.path }, config, env, verifier, bundle)),
    ];
    const results = new Array(checks.length);
    let next = 0;
    const worker = async () => {
        while (next < checks.length) {
            const index = next++;
            results[index] = await checks[index]();
            logResult(results[index]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(VERIFY_CONCURRENCY, checks.length) }, worker));
    for (const file of coverage.uncovered) {
        const result = {
            file,
            ok: false,
            error: notCovered(file, matched, coverage.subjects, config, env.baseDir),
        };
        logResult(result);
        results.push(result);
    }
    return { trustName: name, policy: config.policy, predicateType: config.predicateType, results };
}
/** Every bundle name a file can have, of either kind. */
const ALL_SUFFIXES = [BUNDLE_SUFFIX, LEGACY_BUNDLE_SUFFIX, ATTESTATION_SUFFIX];
async function locate(file, config, baseDir) {
    try {
        return { bundle: await locateBundle(file, config, baseDir) };
    }
    catch (err) {
        if (err instanceof VerificationFailure)
            return { error: err };
        throw err;
    }
}
/**
 * Verifies a file against its bundle; or, with `asBundle`, against another of its bundles
 * matched by inputs (checked as what its name says: an attestation, or a plain signature).
 */
async function verifyOne(file, located, config, env, verifier, asBundle) {
    const shown = asBundle ?? file;
    const bundleOf = asBundle ? file.displayPath : undefined;
    if ('error' in located)
        return { file: shown, bundleOf, ok: false, error: located.error };
    const bundle = located.bundle;
    const bundleDisplay = displayPath(bundle, env.baseDir);
    const attestation = asBundle ? bundle.endsWith(ATTESTATION_SUFFIX) : undefined;
    try {
        await checkStaysInWorkspace(bundle, env.baseDir, (real) => `the bundle ${bundleDisplay} leads through a symbolic link to ${(0,log_text/* printable */.g$)(real)}, outside the workspace (${env.baseDir}); bundles are read from the workspace only: put the bundle itself there, or name its real path in bundle if you mean it`);
        const verified = await verifyArtifact(verifier, { kind: 'file', path: file.path, displayPath: file.displayPath }, await readBundle(bundle, bundleDisplay), { kind: 'identity', policy: config.policy }, attestation === undefined
            ? { predicateType: config.predicateType, plainSignature: !config.predicateType }
            : attestation
                ? { predicateType: config.predicateType }
                : { plainSignature: true });
        return {
            file: shown,
            bundle: bundleDisplay,
            bundleOf,
            ok: true,
            claims: verified.claims,
            logIndex: verified.logIndex,
            predicateType: verified.predicateType,
            sha256: verified.sha256,
            size: verified.size,
        };
    }
    catch (err) {
        const error = err instanceof errors/* ActionError */.lZ
            ? err
            : new VerificationFailure('VERIFY_FAILED', (0,errors/* rootCauseMessage */.fG)(err), { cause: err });
        return { file: shown, bundle: bundleDisplay, bundleOf, ok: false, error };
    }
}
/** Why a file named like a bundle was not verified, and what to do about it. */
function notCovered(file, matched, subjects, config, baseDir) {
    const suffix = ALL_SUFFIXES.filter((s) => file.path.endsWith(s)).sort((a, b) => b.length - a.length)[0];
    const owner = suffix ? file.path.slice(0, -suffix.length) : undefined;
    const ownerShown = owner && displayPath(owner, baseDir);
    let why;
    if (!owner || !ownerShown) {
        why = 'no file among the inputs has it as its bundle';
    }
    else if (subjects.some((s) => s.path === owner)) {
        why = `${ownerShown} is verified with ${config.bundlePath ? 'the bundle input' : `the bundles in bundle-directory`}, not with this one`;
    }
    else if (matched.some((m) => m.path === owner)) {
        why = `${ownerShown} is named like a bundle too, and has no bundle of its own`;
    }
    else {
        why = `the file it is named for, ${ownerShown}, is ${(0,external_node_fs_.existsSync)(owner) ? 'not among the inputs: add it to inputs to verify it with this bundle' : 'not there'}`;
    }
    return new errors/* ActionError */.lZ('INPUT_NOT_COVERED', `matched by inputs and named like a bundle, but it is not the bundle of any file verified here, so nothing about it was checked: ${why}; or leave it out of inputs ("!${file.displayPath}")`);
}
/**
 * The bundle of a file: the `bundle` input; else, in `bundle-directory`, the name sign mode
 * gives it there; else `<file>.sigstore.json` beside it, or sigstore-python's older
 * `<file>.sigstore`. With a predicate type, the attestation `<file>.intoto.sigstore.json`.
 */
async function locateBundle(file, config, baseDir) {
    if (config.bundlePath)
        return external_node_path_.resolve(baseDir, config.bundlePath);
    const suffixes = config.predicateType
        ? [ATTESTATION_SUFFIX]
        : config.bundleDirectory
            ? [BUNDLE_SUFFIX]
            : [BUNDLE_SUFFIX, LEGACY_BUNDLE_SUFFIX];
    const candidates = bundleCandidates(file, config.bundleDirectory, baseDir, suffixes);
    const found = await firstFile(candidates);
    if (found)
        return found;
    const looked = [...new Set(candidates)].map((c) => displayPath(c, baseDir)).join(' and ');
    if (config.predicateType) {
        const signature = await firstFile(bundleCandidates(file, config.bundleDirectory, baseDir, [BUNDLE_SUFFIX]));
        if (signature) {
            throw new VerificationFailure('BUNDLE_NOT_FOUND', `no attestation: looked for ${looked}; there is a signature, ${displayPath(signature, baseDir)}: leave predicate-type out to verify it, or attest the file (sign mode with predicate-type)`);
        }
    }
    else {
        const attestation = await firstFile(bundleCandidates(file, config.bundleDirectory, baseDir, [ATTESTATION_SUFFIX]));
        if (attestation) {
            throw new VerificationFailure('BUNDLE_NOT_FOUND', `no signature bundle: looked for ${looked}; there is an attestation, ${displayPath(attestation, baseDir)}: set predicate-type to verify it`);
        }
    }
    throw new VerificationFailure('BUNDLE_NOT_FOUND', config.predicateType
        ? `no attestation: looked for ${looked} (sign mode with predicate-type writes it)`
        : `no bundle: looked for ${looked}`);
}
function bundleCandidates(file, bundleDirectory, baseDir, suffixes) {
    if (!bundleDirectory)
        return suffixes.map((suffix) => file.path + suffix);
    const dir = external_node_path_.resolve(baseDir, bundleDirectory);
    return suffixes.flatMap((suffix) => [
        external_node_path_.join(dir, external_node_path_.basename(file.path) + suffix),
        external_node_path_.join(dir, flatBundleName(file, baseDir, suffix)),
    ]);
}
async function firstFile(candidates) {
    for (const candidate of candidates) {
        const isFile = await external_node_fs_.promises.stat(candidate).then((s) => s.isFile(), () => false);
        if (isFile)
            return candidate;
    }
    return undefined;
}
function logResult(result) {
    core/* info */.pq(resultLine(result));
}
/**
 * The log line of one result: `OK      <file>: ...` or `FAILED  <file>: <why>`. Every part of it
 * is untrusted, so every part is escaped.
 */
function resultLine(result) {
    const name = (0,log_text/* printableName */.Nt)(result.file.displayPath);
    const of = result.bundleOf ? ` (a bundle of ${(0,log_text/* printableName */.Nt)(result.bundleOf)})` : '';
    if (result.ok) {
        const type = result.predicateType ? `attestation (${(0,log_text/* printable */.g$)(result.predicateType)}) ` : '';
        const signer = result.claims.identity ? (0,log_text/* printable */.g$)(result.claims.identity) : '(a public key)';
        return `OK      ${name}${of}: ${type}signed by ${signer}`;
    }
    return `FAILED  ${name}${of}: ${(0,log_text/* printableMessage */.FP)(result.error.message)}`;
}

// EXTERNAL MODULE: ./node_modules/minimatch/dist/esm/index.js + 7 modules
var esm = __webpack_require__(33581);
;// CONCATENATED MODULE: ./build/verify/release-assets.js







const release_assets_ALL_SUFFIXES = [ATTESTATION_SUFFIX, BUNDLE_SUFFIX, LEGACY_BUNDLE_SUFFIX];
/** The asset a bundle asset is named for (the longest bundle suffix removed), or the name. */
function ownerName(bundleName) {
    const suffix = release_assets_ALL_SUFFIXES.find((s) => bundleName.endsWith(s));
    return suffix ? bundleName.slice(0, -suffix.length) : bundleName;
}
/**
 * Selects the release assets that must verify by the `inputs` patterns, as the sign mode's
 * inputs select files: each include must select an asset, `!` patterns remove. Asset names have
 * no directories, so a pattern matches a name (with minimatch and @actions/glob's options:
 * dotfiles match, no braces, extglobs or comments) rather than a path on disk. A bundle asset
 * follows the asset it is named for: excluding `checksums.txt` also leaves out
 * `checksums.txt.sigstore.json`. No patterns: every asset must verify.
 */
function selectAssets(assets, patterns, release) {
    if (patterns.length === 0)
        return { selected: [...assets], excluded: [] };
    const includes = patterns.filter((p) => !p.exclude);
    const excludes = patterns.filter((p) => p.exclude);
    const subjectName = (asset) => {
        const owner = ownerName(asset.name);
        return owner !== asset.name && assets.some((a) => a.name === owner) ? owner : asset.name;
    };
    const problems = [];
    const selectedBy = (pattern) => assets.filter((asset) => matches(pattern, subjectName(asset)));
    const included = new Set();
    for (const include of includes.length > 0 ? includes : [everything]) {
        const found = selectedBy(include);
        const kept = found.filter((asset) => !excludes.some((e) => matches(e, subjectName(asset))));
        if (include !== everything && kept.length === 0) {
            problems.push(`"${(0,log_text/* printableName */.Nt)(include.source)}" ${found.length > 0 ? 'selects only assets that the "!" patterns exclude' : 'matches no asset'}`);
        }
        for (const asset of kept)
            included.add(asset);
    }
    for (const exclude of excludes) {
        // `!*.sigstore.json` is no typo: it names bundles, which follow their assets anyway.
        if (!assets.some((a) => matches(exclude, a.name) || matches(exclude, subjectName(a)))) {
            problems.push(`"${(0,log_text/* printableName */.Nt)(exclude.source)}" excludes no asset`);
        }
    }
    if (problems.length > 0) {
        const names = [...new Set(assets.map(subjectName))];
        const shown = names.slice(0, 10).map(log_text/* printableName */.Nt).join(', ');
        throw new errors/* ActionError */.lZ('PATTERN_NO_MATCH', `inputs: ${problems.join('; ')} of the release ${release}. Its assets: ${shown || 'none'}${names.length > 10 ? `, and ${names.length - 10} more` : ''}. ` +
            'Patterns match asset names (no directories, e.g. `*.tar.gz` or `!checksums.txt`); fix the pattern, or remove it to verify every asset.');
    }
    return {
        selected: assets.filter((a) => included.has(a)),
        excluded: assets.filter((a) => !included.has(a)),
    };
}
const everything = { source: '*', exclude: false, isGlob: true, pattern: '*' };
function matches(pattern, name) {
    if (!pattern.isGlob)
        return pattern.pattern === name;
    return (0,esm/* minimatch */.xF)(name, pattern.pattern, {
        dot: true,
        nobrace: true,
        noext: true,
        nocomment: true,
        nonegate: true,
    });
}
/**
 * The download directory: created when missing, and refused unless empty, so that every file
 * in it after the run verified (a file left there by an earlier step would look verified too).
 */
async function prepareDownloadDirectory(dir) {
    await (0,promises_.mkdir)(dir, { recursive: true });
    const entries = await (0,promises_.readdir)(dir);
    if (entries.length > 0) {
        throw new errors/* ActionError */.lZ('INPUT_INVALID', `download-directory: ${(0,log_text/* printableName */.Nt)(dir)} is not empty (${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}); every file there must be one that verified. Name a new or empty directory, e.g. \${{ runner.temp }}/verified.`);
    }
}
/**
 * Moves a verified file from the temporary directory into the download directory under its
 * asset name. A rename when both are on one file system; otherwise copied beside its final name
 * and renamed, so the directory never holds a half-written file.
 */
async function keepFile(from, dir, name) {
    if (name !== external_node_path_.basename(name) || name === '.' || name === '..' || name.includes('\\')) {
        throw new errors/* ActionError */.lZ('ASSET_NAME_INVALID', `the asset name ${(0,log_text/* printableName */.Nt)(name)} is not a plain file name, so it was not kept in download-directory.`);
    }
    const to = external_node_path_.join(dir, name);
    try {
        await (0,promises_.rename)(from, to);
    }
    catch (err) {
        if (err.code !== 'EXDEV')
            throw err;
        const partial = external_node_path_.join(dir, `.${name}.${(0,external_node_crypto_.randomBytes)(6).toString('hex')}.partial`);
        try {
            await (0,promises_.copyFile)(from, partial);
            await (0,promises_.rename)(partial, to);
        }
        finally {
            await (0,promises_.rm)(partial, { force: true });
        }
    }
}

;// CONCATENATED MODULE: ./build/verify/release.js
















/**
 * The consumer's gate: downloads every asset of a published release (or those the `inputs`
 * patterns select) with its bundle and verifies each against the identity policy. An asset without a bundle fails: a release gate
 * that lets an unsigned file through is not a gate. So does an asset named like a bundle that
 * belongs to no asset (coverage.ts); an asset's other bundles (its attestation beside its
 * signature) are verified against it too.
 */
async function runVerifyRelease(config, api, env) {
    const release = await findRelease(api, config.tag, 'verify');
    const allAssets = await api.listAssets(release.id);
    const releaseName = `${(0,log_text/* printableName */.Nt)(config.tag)} of ${(0,log_text/* printableName */.Nt)(api.repository)}`;
    const { selected: assets, excluded } = selectAssets(allAssets, config.patterns, releaseName);
    const byName = new Map(allAssets.map((a) => [a.name, a]));
    const suffixes = config.predicateType
        ? [ATTESTATION_SUFFIX]
        : [BUNDLE_SUFFIX, LEGACY_BUNDLE_SUFFIX];
    const coverage = await planCoverage(assets, {
        key: (asset) => asset.name,
        isBundle: (asset) => isBundlePath(asset.name),
        bundleKeys: (asset) => release_ALL_SUFFIXES.map((suffix) => asset.name + suffix),
        ownBundle: (asset) => Promise.resolve(suffixes.map((s) => asset.name + s).find((name) => byName.has(name))),
    });
    if (coverage.subjects.length === 0 && coverage.uncovered.length === 0) {
        throw new errors/* ActionError */.lZ('INPUT_INVALID', `the release ${config.tag} of ${api.repository} has no assets to verify.`);
    }
    if (config.downloadDirectory)
        await prepareDownloadDirectory(config.downloadDirectory);
    const { name, trustedRoot } = await loadTrustedRoot(config.trust, {
        tufCachePath: env.tufCachePath,
        httpHosts: env.httpHosts,
    });
    const count = coverage.subjects.length + coverage.otherBundles.length;
    core/* info */.pq(`Verifying ${(0,wording/* counted */.hS)(count, 'asset')} of ${(0,log_text/* printableName */.Nt)(api.repository)} release ${(0,log_text/* printableName */.Nt)(config.tag)} against the trusted root of ${(0,log_text/* printableName */.Nt)(name)}` +
        (config.predicateType ? `: attestations of type ${(0,log_text/* printable */.g$)(config.predicateType)}` : ''));
    if (excluded.length > 0) {
        core/* info */.pq(`Not verified, excluded by inputs: ${excluded.map((a) => (0,log_text/* printableName */.Nt)(a.name)).join(', ')}`);
    }
    const verifier = new BundleVerifier(trustedRoot);
    const dir = await (0,promises_.mkdtemp)(external_node_path_.join(env.tempDir ?? (0,external_node_os_.tmpdir)(), 'sigstore-release-'));
    // Where each verified check left its downloads, for download-directory.
    const downloads = config.downloadDirectory ? new Map() : undefined;
    try {
        const checks = [
            ...coverage.subjects.map((asset) => () => {
                const bundle = suffixes.map((s) => byName.get(asset.name + s)).find(Boolean);
                return bundle
                    ? verifyAsset(asset, bundle, api, verifier, config, dir, downloads)
                    : Promise.resolve(noBundle(asset, byName, config, dir));
            }),
            ...coverage.otherBundles.map(({ bundle, of }) => () => verifyAsset(of, bundle, api, verifier, config, dir, downloads, true)),
        ];
        const results = new Array(checks.length);
        let next = 0;
        const worker = async () => {
            while (next < checks.length) {
                const index = next++;
                results[index] = await checks[index]();
                core/* info */.pq(resultLine(results[index]));
            }
        };
        await Promise.all(Array.from({ length: Math.min(VERIFY_CONCURRENCY, checks.length) }, worker));
        for (const asset of coverage.uncovered) {
            const result = {
                file: { path: asset.name, displayPath: asset.name },
                ok: false,
                error: new errors/* ActionError */.lZ('INPUT_NOT_COVERED', `named like a bundle, but it is the bundle of no asset of the release (there is no ${ownerName(asset.name)}), so nothing about it was checked; attach the file it is for, or delete it from the release`),
            };
            core/* info */.pq(resultLine(result));
            results.push(result);
        }
        if (config.downloadDirectory && downloads) {
            await keepVerified(results, downloads, config.downloadDirectory);
        }
        return {
            trustName: name,
            policy: config.policy,
            predicateType: config.predicateType,
            results,
            release: {
                tag: config.tag,
                repository: api.repository,
                excluded: excluded.map((a) => a.name),
                downloadDirectory: config.downloadDirectory,
            },
        };
    }
    finally {
        await (0,promises_.rm)(dir, { recursive: true, force: true });
    }
}
const release_ALL_SUFFIXES = [BUNDLE_SUFFIX, LEGACY_BUNDLE_SUFFIX, ATTESTATION_SUFFIX];
/**
 * Moves into the download directory each asset whose every check verified, with its bundles.
 * An asset with one check failed is not kept, nor any of its bundles; neither are failures.
 */
async function keepVerified(results, downloads, directory) {
    const failedAssets = new Set(results.filter((r) => !r.ok).map((r) => r.bundleOf ?? r.file.displayPath));
    const keptAssets = new Set();
    for (const [index, result] of results.entries()) {
        const download = downloads.get(result);
        if (!download || failedAssets.has(download.asset))
            continue;
        try {
            if (!keptAssets.has(download.asset)) {
                await keepFile(download.file, directory, download.asset);
                keptAssets.add(download.asset);
            }
            await keepFile(download.bundle, directory, download.bundleAsset);
        }
        catch (err) {
            const error = err instanceof errors/* ActionError */.lZ
                ? err
                : new errors/* ActionError */.lZ('BUNDLE_WRITE_FAILED', `verified, but could not be kept in download-directory: ${(0,errors/* rootCauseMessage */.fG)(err)}`, { cause: err });
            results[index] = { file: result.file, bundle: download.bundleAsset, ok: false, error };
            core/* info */.pq(resultLine(results[index]));
        }
    }
}
function noBundle(asset, byName, config, dir) {
    const names = config.predicateType
        ? [asset.name + ATTESTATION_SUFFIX]
        : [asset.name + BUNDLE_SUFFIX, asset.name + LEGACY_BUNDLE_SUFFIX];
    return {
        file: assetFile(asset, dir),
        ok: false,
        error: new VerificationFailure('BUNDLE_NOT_FOUND', config.predicateType
            ? `no attestation in the release: ${names[0]} is not attached` +
                (byName.has(asset.name + BUNDLE_SUFFIX)
                    ? ` (${asset.name}${BUNDLE_SUFFIX}, a signature, is: leave predicate-type out to verify it)`
                    : '')
            : `no bundle in the release: neither ${names[0]} nor ${names[1]} is attached` +
                (byName.has(asset.name + ATTESTATION_SUFFIX)
                    ? ` (${asset.name}${ATTESTATION_SUFFIX} is: set predicate-type to verify the attestation)`
                    : '')),
    };
}
/** Where an asset is downloaded to, and how it is shown. */
function assetFile(asset, dir) {
    return {
        path: external_node_path_.join(dir, `${asset.id}-${external_node_path_.basename(asset.name)}`),
        displayPath: asset.name,
    };
}
/**
 * Verifies an asset against a bundle asset: its own, or (`otherBundle`) another one of its
 * bundles, checked as what its name says (an attestation, or a plain signature). Both are
 * streamed to disk; the bundle only up to the size of a bundle, and not at all when the release
 * lists it as larger: a multi-gigabyte "bundle" is refused before anything is downloaded.
 */
async function verifyAsset(asset, bundleAsset, api, verifier, config, dir, downloads, otherBundle = false) {
    // Each check has its own copy: an asset's bundles are checked at the same time.
    const file = {
        path: external_node_path_.join(dir, `${asset.id}-${bundleAsset.id}-${external_node_path_.basename(asset.name)}`),
        displayPath: asset.name,
    };
    const shown = otherBundle ? { path: bundleAsset.name, displayPath: bundleAsset.name } : file;
    const bundleOf = otherBundle ? asset.name : undefined;
    const bundlePath = external_node_path_.join(dir, `${bundleAsset.id}-bundle-${otherBundle ? 'other' : 'own'}`);
    try {
        // Refused by its listed size before any request, or once more bytes came than a bundle has.
        await api.downloadToFile(bundleAsset, bundlePath, bundle_json/* MAX_BUNDLE_BYTES */.Me);
        const bundleJSON = await readBundle(bundlePath, bundleAsset.name);
        await api.downloadToFile(asset, file.path);
        const attestation = otherBundle ? bundleAsset.name.endsWith(ATTESTATION_SUFFIX) : undefined;
        const verified = await verifyArtifact(verifier, { kind: 'file', path: file.path, displayPath: asset.name }, bundleJSON, { kind: 'identity', policy: config.policy }, attestation === undefined
            ? { predicateType: config.predicateType, plainSignature: !config.predicateType }
            : attestation
                ? { predicateType: config.predicateType }
                : { plainSignature: true });
        const result = {
            file: shown,
            bundle: bundleAsset.name,
            bundleOf,
            ok: true,
            claims: verified.claims,
            logIndex: verified.logIndex,
            predicateType: verified.predicateType,
            sha256: verified.sha256,
            size: verified.size,
        };
        downloads?.set(result, {
            asset: asset.name,
            file: file.path,
            bundleAsset: bundleAsset.name,
            bundle: bundlePath,
        });
        return result;
    }
    catch (err) {
        const error = err instanceof errors/* ActionError */.lZ
            ? err
            : new VerificationFailure('VERIFY_FAILED', (0,errors/* rootCauseMessage */.fG)(err), { cause: err });
        return { file: shown, bundle: bundleAsset.name, bundleOf, ok: false, error };
    }
    finally {
        // Kept for download-directory when verified; the temporary directory goes at the end.
        if (!downloads) {
            await (0,promises_.rm)(file.path, { force: true });
            await (0,promises_.rm)(bundlePath, { force: true });
        }
    }
}

// EXTERNAL MODULE: ./build/action/summary.js
var summary = __webpack_require__(76079);
// EXTERNAL MODULE: ./build/version.js
var version = __webpack_require__(58508);
;// CONCATENATED MODULE: ./build/action/run.js
/**
 * What the action does once its configuration is read: sign (and publish), verify files, or
 * verify a release. Loaded by main.ts after its first log line, so the step reports at once
 * while the Sigstore and GitHub libraries load.
 */
















async function runAction(config, context) {
    switch (config.mode) {
        case 'sign':
            return sign(config.sign, config.publish, config.github, context);
        case 'verify':
            return verify(config.verify, context);
        case 'verify-release':
            return verifyRelease(config.release, config.github, context);
    }
}
async function sign(config, publish, github, context) {
    const { env, baseDir, tufCachePath, httpHosts, secrets } = context;
    if (config.identityToken) {
        core/* setSecret */.Pq(config.identityToken);
        secrets.push(config.identityToken);
    }
    const network = networkOptions(config.timeoutMinutes);
    const identityProvider = config.identityToken
        ? new identity/* StaticIdentityProvider */.AV(config.identityToken, { audience: config.oidcAudience })
        : new identity/* AmbientIdentityProvider */.GU(env, runnerTokenFetcher(env, network, (token) => secrets.push(token)), config.oidcAudience);
    // The GitHub clients are most of the bundle: loaded only when publishing asks for them.
    const releases = github ? await releasesAPI(github, context.apiURL, network) : undefined;
    // A release that is missing or locked, an unreachable GitHub, or a name GitHub would not
    // keep, is refused before anything is signed: the step fails without leaving bundles and log
    // entries behind.
    const report = await runSign(config, {
        baseDir,
        identityProvider,
        tufCachePath,
        httpHosts,
        network,
        beforeSigning: async (targets) => {
            await preflightPublish(targets, publish, releases);
        },
    });
    for (const [name, value] of Object.entries(signOutputs(report)))
        core/* setOutput */.uH(name, value);
    const failure = signFailureMessage(report, secrets);
    if (failure) {
        // Nothing is published from a run that did not sign every file.
        await (0,summary/* writeSummary */.S)(signSummaryMarkdown(report));
        core/* setFailed */.C1(failure);
        return;
    }
    try {
        const published = await publishSigned(report, publish, {
            artifacts: publish.artifact
                ? (await Promise.all(/* import() */[__webpack_require__.e(351), __webpack_require__.e(645), __webpack_require__.e(160)]).then(__webpack_require__.bind(__webpack_require__, 97160))).actionsArtifactUploader()
                : undefined,
            trustedRoot: report.instance.trustedRoot,
            releases,
            artifactURL: (id) => `${env.GITHUB_SERVER_URL || 'https://github.com'}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}/artifacts/${id}`,
            // The CLI of this very build: dist/ says package.json's version, released as v<version>.
            action: env.GITHUB_ACTION_REPOSITORY
                ? {
                    repository: env.GITHUB_ACTION_REPOSITORY,
                    version: version/* VERSION */.x,
                    ref: env.GITHUB_ACTION_REF || undefined,
                }
                : undefined,
        });
        if (published.artifact) {
            core/* setOutput */.uH('artifact-id', String(published.artifact.id));
            core/* setOutput */.uH('artifact-url', published.artifact.url);
        }
        await (0,summary/* writeSummary */.S)(signSummaryMarkdown(report) + publishSummaryMarkdown(published));
    }
    catch (err) {
        await (0,summary/* writeSummary */.S)(signSummaryMarkdown(report) +
            `\n### Publishing failed\n\nThe bundles are written in the workspace, but: ${(0,markdown/* errorMarkdown */.Oe)(err, secrets)}\n`);
        throw err;
    }
}
async function verify(config, context) {
    const { baseDir, tufCachePath, httpHosts } = context;
    await finishVerify(await runVerify(config, { baseDir, tufCachePath, httpHosts }));
}
async function verifyRelease(config, github, context) {
    const api = await releasesAPI(github, context.apiURL);
    const downloadDirectory = config.downloadDirectory && external_node_path_.resolve(context.baseDir, config.downloadDirectory);
    const report = await runVerifyRelease({ ...config, downloadDirectory }, api, {
        tufCachePath: context.tufCachePath,
        httpHosts: context.httpHosts,
        tempDir: context.env.RUNNER_TEMP,
    });
    // Set once the run got that far: the directory then holds the assets that verified.
    if (downloadDirectory)
        core/* setOutput */.uH('download-directory', downloadDirectory);
    await finishVerify(report);
}
async function finishVerify(report) {
    for (const [name, value] of Object.entries(verifyOutputs(report)))
        core/* setOutput */.uH(name, value);
    await (0,summary/* writeSummary */.S)(verifySummaryMarkdown(report));
    const failure = verifyFailureMessage(report);
    if (failure)
        core/* setFailed */.C1(failure);
}
async function releasesAPI(github, apiURL, network) {
    const { octokitReleases } = await Promise.all(/* import() */[__webpack_require__.e(351), __webpack_require__.e(371)]).then(__webpack_require__.bind(__webpack_require__, 12371));
    return octokitReleases({ ...github, apiURL, network });
}


/***/ }),

/***/ 83494:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  _: () => (/* binding */ USER_AGENT),
  n: () => (/* binding */ outboundFetch)
});

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(46752);
// EXTERNAL MODULE: ./build/version.js
var version = __webpack_require__(58508);
// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/index.js + 1 modules
var lib = __webpack_require__(44942);
;// CONCATENATED MODULE: ./build/net/proxy.js


/**
 * The runner's proxy decision, made once for every request of a run. Node's fetch ignores
 * HTTP(S)_PROXY (unless the runner sets NODE_USE_ENV_PROXY) while self-hosted runners behind a
 * proxy rely on them; tuf-js fetches with Node's fetch too. So when a proxy variable is set,
 * requests go through an undici dispatcher (the toolkit's own HTTP dependency) that asks the
 * toolkit's getProxyUrl, per origin, whether to go through the proxy: https_proxy/HTTPS_PROXY
 * for https, http_proxy/HTTP_PROXY for http, no_proxy/NO_PROXY honoured (a host, its
 * subdomains, host:port, `*`), loopback always direct. @actions/artifact's Twirp requests ask
 * the same function. Deciding per origin (not per client, as @actions/github's Octokit defaults
 * do for GITHUB_API_URL alone) also decides each redirect hop for its own host.
 *
 * Not here: the artifact's blob upload (@azure/storage-blob inside @actions/artifact, which
 * takes no dispatcher) decides by itself: HTTPS_PROXY, else HTTP_PROXY, for any URL; NO_PROXY
 * entries matched exactly or as `.domain` suffixes; loopback not exempt.
 */
const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'];
function proxyConfigured(env = process.env) {
    return PROXY_VARIABLES.some((name) => Boolean(env[name]));
}
let shared;
/** The dispatcher that applies the decision, or undefined when no proxy variable is set. */
function proxyDispatcher() {
    if (!proxyConfigured())
        return undefined;
    shared ??= new undici.Agent({
        factory: (origin, options) => {
            const proxyURL = (0,lib/* getProxyUrl */.s_)(String(origin));
            return proxyURL ? proxyAgent(proxyURL) : new undici.Pool(origin, options);
        },
    });
    return shared;
}
/** Through the proxy, with its credentials sent as the toolkit sends them (Basic, decoded). */
function proxyAgent(proxyURL) {
    const parsed = new URL(proxyURL);
    const credentials = parsed.username || parsed.password
        ? `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`
        : undefined;
    parsed.username = '';
    parsed.password = '';
    return new undici.ProxyAgent({
        uri: parsed.href,
        ...(credentials ? { token: `Basic ${Buffer.from(credentials).toString('base64')}` } : {}),
    });
}

;// CONCATENATED MODULE: ./build/net/outbound.js




/**
 * How every request of the action and the CLI leaves: named by our User-Agent, and through the
 * runner's proxy decision (proxy.ts). The Sigstore services, TUF, the staging root bootstrap,
 * GitHub's REST API (Octokit is given this fetch) and release downloads all come here.
 */
/**
 * In the form sigstore-js uses (`sigstore-js/5.1.0 (Node v24.11.0) (linux/x64)`, @sigstore/sign
 * src/util/ua.ts); sigstore-python sends `sigstore-python/4.1.0 (python-requests/2.32.3)` and
 * sigstore-go `sigstore-go/<version>`: the product and its version first, so the operators of
 * a service can tell this client's traffic (and a faulty release of it) apart.
 */
const USER_AGENT = `sigstore-action/${version/* VERSION */.x} (Node ${process.version}) (${external_node_os_.platform()}/${external_node_os_.arch()})`;
/** fetch, with our User-Agent unless the caller set one, through the proxy decision. */
const outboundFetch = (url, init = {}) => {
    const headers = new Headers(init.headers);
    if (!headers.has('user-agent'))
        headers.set('user-agent', USER_AGENT);
    const dispatcher = proxyDispatcher();
    if (!dispatcher)
        return fetch(url, { ...init, headers });
    // undici's own fetch: its dispatchers are not guaranteed to fit the undici inside Node.
    return (0,undici.fetch)(url, {
        ...init,
        headers: [...headers],
        dispatcher,
    });
};


/***/ }),

/***/ 62426:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B2: () => (/* binding */ Deadline),
/* harmony export */   LH: () => (/* binding */ withRetries),
/* harmony export */   PS: () => (/* binding */ isRetryableStatus),
/* harmony export */   YA: () => (/* binding */ seconds),
/* harmony export */   cO: () => (/* binding */ DEFAULT_RETRY_POLICY),
/* harmony export */   ji: () => (/* binding */ NO_DEADLINE),
/* harmony export */   mu: () => (/* binding */ parseRetryAfter)
/* harmony export */ });
/* unused harmony export backoffDelay */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77094);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(58500);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(19473);
/* harmony import */ var _report_wording_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(62867);




const DEFAULT_RETRY_POLICY = {
    retries: 5,
    baseDelayMs: 500,
    maxDelayMs: 10_000,
    timeoutMs: 15_000,
    maxRetryAfterMs: 60_000,
};
/** 408, 429 and 5xx: the service may answer differently next time. Nothing else is retried. */
function isRetryableStatus(status) {
    return status === 408 || status === 429 || status >= 500;
}
/** "Full jitter" exponential backoff: spreads the retries of many concurrent requests. */
function backoffDelay(retry, policy, random = Math.random) {
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
    return Math.round(random() * ceiling);
}
/**
 * A Retry-After header in milliseconds (RFC 9110: delay-seconds or an HTTP-date), or undefined
 * when absent or unreadable.
 */
function parseRetryAfter(value, now = Date.now()) {
    if (value === null)
        return undefined;
    const text = value.trim();
    if (/^\d+$/.test(text))
        return Number(text) * 1000;
    const date = Date.parse(text);
    if (Number.isNaN(date))
        return undefined;
    return Math.max(0, date - now);
}
/**
 * The end of the whole run's network work (input `timeout-minutes`): every request is bounded by
 * what is left of it, and no retry starts after it.
 */
class Deadline {
    totalMs;
    now;
    at;
    constructor(totalMs, now = Date.now) {
        this.totalMs = totalMs;
        this.now = now;
        this.at = now() + totalMs;
    }
    remainingMs() {
        return Math.max(0, this.at - this.now());
    }
    /** "15 minutes", "30 s": for messages. */
    describe() {
        const seconds = this.totalMs / 1000;
        return seconds >= 60 && seconds % 60 === 0 ? `${seconds / 60} minutes` : `${seconds} s`;
    }
}
/** No deadline: for callers (tests, the conformance CLI) that bound nothing but each request. */
const NO_DEADLINE = new Deadline(Number.MAX_SAFE_INTEGER / 2);
/**
 * Calls `attempt` (given the time it may take) until it succeeds, fails for good, runs out of
 * retries, or the deadline would pass: jittered exponential backoff, at least Retry-After.
 */
async function withRetries(ctx, attempt) {
    const failures = [];
    for (let n = 0;; n++) {
        const remaining = ctx.deadline.remainingMs();
        if (remaining === 0)
            throw deadlineError(ctx, failures);
        ctx.counters.requests++;
        const result = await attempt(Math.min(ctx.policy.timeoutMs, remaining));
        if (!isFailure(result))
            return result;
        failures.push(result);
        if (!result.retryable) {
            // eslint-disable-next-line @typescript-eslint/only-throw-error -- the client's own error, as it was thrown
            throw result.error ?? refusedError(ctx, result);
        }
        if (n >= ctx.policy.retries)
            throw exhaustedError(ctx, failures);
        const backoff = backoffDelay(n, ctx.policy, ctx.random);
        const retryAfter = result.retryAfterMs;
        if (retryAfter !== undefined && retryAfter > ctx.policy.maxRetryAfterMs) {
            throw exhaustedError(ctx, failures, `asked to retry after ${seconds(retryAfter)}`);
        }
        const delay = Math.max(backoff, retryAfter ?? 0);
        if (delay >= ctx.deadline.remainingMs())
            throw deadlineError(ctx, failures);
        ctx.counters.retries++;
        ctx.counters.reasons[result.reason] = (ctx.counters.reasons[result.reason] ?? 0) + 1;
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz(`${ctx.service}: ${ctx.what}: ${result.detail}; retry ${n + 1} of ${ctx.policy.retries} in ${seconds(delay)}` +
            (retryAfter !== undefined ? ' (Retry-After)' : ''));
        await (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_1__.setTimeout)(delay);
    }
}
function isFailure(value) {
    return typeof value === 'object' && value !== null && value.failed === true;
}
function refusedError(ctx, failure) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ(ctx.errorCode, `${ctx.service} refused the request (${ctx.what}): ${failure.detail}.`);
}
function exhaustedError(ctx, failures, why) {
    const last = failures[failures.length - 1];
    return new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ(ctx.errorCode, `${ctx.service} (${ctx.what}) failed ${failures.length} time${failures.length === 1 ? '' : 's'}` +
        `${why ? `, then ${why}` : ''}; last: ${last?.detail ?? 'no answer'}. ` +
        `${summarize(failures)}It may be down or overloaded: re-run the job later, or check the service's status page.`);
}
function deadlineError(ctx, failures) {
    const last = failures[failures.length - 1];
    return new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ(ctx.errorCode, `${ctx.service} (${ctx.what}) did not answer within the run's deadline of ${ctx.deadline.describe()}` +
        `${last ? ` (${(0,_report_wording_js__WEBPACK_IMPORTED_MODULE_3__/* .counted */ .hS)(failures.length, 'attempt')}; last: ${last.detail})` : ''}. ` +
        'Re-run the job later, or raise timeout-minutes if the work needs longer.');
}
function summarize(failures) {
    if (failures.length < 2)
        return '';
    const counts = new Map();
    for (const f of failures)
        counts.set(f.reason, (counts.get(f.reason) ?? 0) + 1);
    return `Attempts: ${[...counts].map(([reason, n]) => `${reason} ×${n}`).join(', ')}. `;
}
/** "1.5 s", "42 s". */
function seconds(ms) {
    return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}


/***/ }),

/***/ 56025:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   c2: () => (/* binding */ statusOf),
/* harmony export */   qQ: () => (/* binding */ githubError),
/* harmony export */   vK: () => (/* binding */ GitHubRequestError)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(19473);

/** An HTTP error from GitHub, with what the action should say about it. */
class GitHubRequestError extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ {
    status;
    githubMessage;
    alreadyExists;
    constructor(status, githubMessage, alreadyExists, message) {
        super(status === 403 || status === 401 ? 'GITHUB_PERMISSION' : 'GITHUB_FAILED', message);
        this.status = status;
        this.githubMessage = githubMessage;
        this.alreadyExists = alreadyExists;
    }
}
function statusOf(err) {
    return typeof err === 'object' && err !== null && 'status' in err
        ? Number(err.status)
        : undefined;
}
/** Turns an Octokit error into one that says which permission or release is missing. */
function githubError(err, what, repository) {
    if (err instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ && statusOf(err) === undefined) {
        // The retry layer's own verdict (deadline, retries exhausted): already says it all.
        return new GitHubRequestError(0, err.message, false, `${what} in ${repository} failed: ${err.message}`);
    }
    const status = statusOf(err) ?? 0;
    const response = err.response?.data;
    const githubMessage = response?.message ?? (err instanceof Error ? err.message : String(err));
    const alreadyExists = status === 422 && (response?.errors ?? []).some((e) => e.code === 'already_exists');
    let message = `${what} in ${repository} failed: GitHub answered ${status} ${githubMessage}`;
    if (status === 401) {
        message += '. The github-token is not valid; leave github-token unset to use the job token.';
    }
    else if (status === 403) {
        message +=
            '. The token cannot write releases: add "permissions: contents: write" to the job (or pass a github-token that can).';
    }
    return new GitHubRequestError(status, githubMessage, alreadyExists, message);
}


/***/ }),

/***/ 62867:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KE: () => (/* binding */ listed),
/* harmony export */   hS: () => (/* binding */ counted),
/* harmony export */   jB: () => (/* binding */ noun)
/* harmony export */ });
/**
 * Counts in words, for log lines, errors and the job summary: "1 file", "2 files", "0 files",
 * never "1 files" or "file(s)".
 */
/** The noun for `n` of it: `singular` for exactly 1, else `pluralForm` (default: + "s"). */
function noun(n, singular, pluralForm = `${singular}s`) {
    return n === 1 ? singular : pluralForm;
}
/** "1 file", "3 files", "2 timestamp authorities" (with the plural given). */
function counted(n, singular, pluralForm) {
    return `${n} ${noun(n, singular, pluralForm)}`;
}
/**
 * Names as one phrase: "a", "a and b", "a, b and c"; past `max`, the first ones and "and 12
 * more". The names are used as given: escape them for where they go before calling this.
 */
function listed(names, max = Infinity) {
    if (names.length > max) {
        return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
    }
    if (names.length <= 2)
        return names.join(' and ');
    return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}


/***/ }),

/***/ 25705:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Gu: () => (/* binding */ checkBundleShape),
/* harmony export */   Me: () => (/* binding */ MAX_BUNDLE_BYTES)
/* harmony export */ });
/* unused harmony export BUNDLE_MEDIA_TYPES */
/**
 * The shape of a bundle's JSON, checked before @sigstore/bundle reads it.
 *
 * @sigstore/protobuf-specs reads bundles leniently, and a hostile bundle can use that:
 * - a bytes field is decoded with `Buffer.from(value, 'base64')`, which takes any JSON value:
 *   `{"length": 4294967297}` is a 25-byte field that makes it allocate and fill gigabytes (the
 *   process is killed), `{"length": 1e8}` costs seconds; characters outside base64 are skipped;
 * - a string or int64 field is read with `String(value)`: an array, an object or a 10,000-deep
 *   nesting is turned into text ("[object Object]") instead of being refused;
 * - of two members of a oneof (a message signature AND a DSSE envelope), one is silently dropped.
 * So every field it reads is checked here first, against the protobuf JSON mapping of
 * sigstore's Bundle (v0.1 to v0.3), strictly: the right JSON type, base64 in one alphabet with
 * correct padding, int64 as a plain non-negative decimal, a known media type, and no more
 * entries in a list than any real bundle has. Unknown fields are ignored, as protobuf JSON
 * parsers do; `null` means absent, as in protobuf JSON.
 */
const BUNDLE_MEDIA_TYPES = [
    'application/vnd.dev.sigstore.bundle+json;version=0.1',
    'application/vnd.dev.sigstore.bundle+json;version=0.2',
    'application/vnd.dev.sigstore.bundle+json;version=0.3',
    'application/vnd.dev.sigstore.bundle.v0.3+json',
];
/**
 * Bundles are a few kilobytes; one this large is not a bundle, and is not read whole (nor
 * downloaded: release bundle assets have the same cap).
 */
const MAX_BUNDLE_BYTES = 16 * 1024 * 1024;
const SIGSTORE_MEDIA_TYPE_PREFIX = 'application/vnd.dev.sigstore.';
/** Real bundles carry one or two of each; these bounds are generous and keep the work bounded. */
const MAX_CERTIFICATES = 32;
const MAX_TLOG_ENTRIES = 32;
const MAX_TIMESTAMPS = 32;
const MAX_DSSE_SIGNATURES = 32;
/** An inclusion proof in a tree of fewer than 2^64 entries has at most 64 hashes. */
const MAX_PROOF_HASHES = 64;
const HASH_ALGORITHMS = [
    'HASH_ALGORITHM_UNSPECIFIED',
    'SHA2_256',
    'SHA2_384',
    'SHA2_512',
    'SHA3_256',
    'SHA3_384',
];
const INT64_MAX = 2n ** 63n - 1n;
const message = (schema, oneof) => ({ message: schema, oneof });
const repeated = (field, max) => ({ repeated: field, max });
const TLOG_ENTRY = {
    logIndex: 'int64',
    logId: message({ keyId: 'bytes' }),
    kindVersion: message({ kind: 'string', version: 'string' }),
    integratedTime: 'int64',
    inclusionPromise: message({ signedEntryTimestamp: 'bytes' }),
    inclusionProof: message({
        logIndex: 'int64',
        rootHash: 'bytes',
        treeSize: 'int64',
        hashes: repeated('bytes', MAX_PROOF_HASHES),
        checkpoint: message({ envelope: 'string' }),
    }),
    canonicalizedBody: 'bytes',
};
const BUNDLE = {
    mediaType: 'string',
    verificationMaterial: message({
        publicKey: message({ hint: 'string' }),
        x509CertificateChain: message({
            certificates: repeated(message({ rawBytes: 'bytes' }), MAX_CERTIFICATES),
        }),
        certificate: message({ rawBytes: 'bytes' }),
        tlogEntries: repeated(message(TLOG_ENTRY), MAX_TLOG_ENTRIES),
        timestampVerificationData: message({
            rfc3161Timestamps: repeated(message({ signedTimestamp: 'bytes' }), MAX_TIMESTAMPS),
        }),
    }, ['publicKey', 'x509CertificateChain', 'certificate']),
    messageSignature: message({
        messageDigest: message({ algorithm: 'hashAlgorithm', digest: 'bytes' }),
        signature: 'bytes',
    }),
    dsseEnvelope: message({
        payload: 'bytes',
        payloadType: 'string',
        signatures: repeated(message({ sig: 'bytes', keyid: 'string' }), MAX_DSSE_SIGNATURES),
    }),
};
const BUNDLE_ONEOF = ['messageSignature', 'dsseEnvelope'];
/** Checks the bundle's JSON against sigstore's Bundle; returns the first problem found. */
function checkBundleShape(json) {
    if (!isObject(json)) {
        return { path: '', problem: `expected a JSON object, found ${describe(json)}` };
    }
    if (typeof json.mediaType !== 'string' || !isMediaType(json.mediaType)) {
        return {
            path: 'mediaType',
            problem: json.mediaType === undefined || json.mediaType === null
                ? 'missing; a bundle names its version in mediaType'
                : typeof json.mediaType === 'string' &&
                    json.mediaType.startsWith(SIGSTORE_MEDIA_TYPE_PREFIX)
                    ? `${describe(json.mediaType)} is not a Sigstore bundle media type this verifier knows (${BUNDLE_MEDIA_TYPES.join(', ')})`
                    : // Not a Sigstore document at all: whatever file this is, it is not quoted.
                        `not a Sigstore bundle media type (${BUNDLE_MEDIA_TYPES.join(', ')}); this JSON is not a Sigstore bundle`,
        };
    }
    return checkMessage(json, BUNDLE, BUNDLE_ONEOF, '');
}
function isMediaType(value) {
    return BUNDLE_MEDIA_TYPES.includes(value);
}
function checkMessage(value, schema, oneof, path) {
    if (oneof) {
        const present = oneof.filter((name) => !isAbsent(value[name]));
        if (present.length > 1) {
            return {
                path: path || '(top level)',
                problem: `has both ${present.join(' and ')}; a bundle has only one of ${oneof.join(', ')}`,
            };
        }
    }
    for (const [name, field] of Object.entries(schema)) {
        // Own properties only: a key named "__proto__" or "constructor" is just an unknown field.
        if (!Object.prototype.hasOwnProperty.call(value, name))
            continue;
        const problem = checkField(value[name], field, path ? `${path}.${name}` : name);
        if (problem)
            return problem;
    }
    return undefined;
}
function checkField(value, field, path) {
    if (isAbsent(value))
        return undefined;
    const fail = (expected) => ({
        path,
        problem: `expected ${expected}, found ${describe(value)}`,
    });
    if (field === 'string')
        return typeof value === 'string' ? undefined : fail('a string');
    if (field === 'bytes') {
        return typeof value === 'string' && isBase64(value) ? undefined : fail('base64 data');
    }
    if (field === 'int64') {
        return isInt64(value) ? undefined : fail('a non-negative integer (a decimal string)');
    }
    if (field === 'hashAlgorithm') {
        const known = (typeof value === 'string' && HASH_ALGORITHMS.includes(value)) ||
            (typeof value === 'number' &&
                Number.isInteger(value) &&
                value >= 0 &&
                value < HASH_ALGORITHMS.length);
        return known ? undefined : fail(`a hash algorithm (${HASH_ALGORITHMS.join(', ')})`);
    }
    if ('repeated' in field) {
        if (!Array.isArray(value))
            return fail('a list');
        if (value.length > field.max) {
            return { path, problem: `has ${value.length} entries; no bundle has more than ${field.max}` };
        }
        for (let i = 0; i < value.length; i++) {
            const problem = checkField(value[i], field.repeated, `${path}[${i}]`);
            if (problem)
                return problem;
        }
        return undefined;
    }
    if (!isObject(value))
        return fail('a JSON object');
    return checkMessage(value, field.message, field.oneof, path);
}
/** Standard or URL-safe base64 (protobuf JSON accepts both), padded correctly or not at all. */
function isBase64(text) {
    if (!/^(?:[A-Za-z0-9+/]*|[A-Za-z0-9_-]*)={0,2}$/.test(text))
        return false;
    const padded = text.endsWith('=');
    return padded ? text.length % 4 === 0 : text.length % 4 !== 1;
}
/** An int64 of protobuf JSON, limited to what bundles hold: indexes, sizes, seconds (>= 0). */
function isInt64(value) {
    if (typeof value === 'number')
        return Number.isSafeInteger(value) && value >= 0;
    return (typeof value === 'string' &&
        /^(?:0|[1-9][0-9]{0,18})$/.test(value) &&
        BigInt(value) <= INT64_MAX);
}
function isAbsent(value) {
    return value === undefined || value === null;
}
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** A value named for a message, without echoing more than a little of it. */
function describe(value) {
    if (value === null)
        return 'null';
    if (Array.isArray(value))
        return 'a list';
    switch (typeof value) {
        case 'string': {
            const text = JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
            return value.length > 80
                ? `the string ${text} (${value.length} characters)`
                : `the string ${text}`;
        }
        case 'number':
            return `the number ${value}`;
        case 'boolean':
            return `${value}`;
        case 'object':
            return 'a JSON object';
        default:
            return typeof value;
    }
}


/***/ }),

/***/ 58508:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   x: () => (/* binding */ VERSION)
/* harmony export */ });
const VERSION = "0.1.0";


/***/ })

};
