/**
 * Which repository a GitHub Actions identity policy pins the signing run to.
 *
 * Fulcio writes a GitHub certificate's identity (SAN) from the token's `job_workflow_ref`, the
 * workflow file that ran the job, and its Source Repository URI (1.3.6.1.4.1.57264.1.12) from
 * the token's `repository`, the repository the run belongs to (sigstore/fulcio
 * pkg/identity/github/principal.go at eb10c98e, `cert.URIs` and `SourceRepositoryURI`). For a
 * reusable workflow (`on: workflow_call`) the two differ: the SAN names the CALLED workflow, in
 * its own repository, and the source repository is the CALLER, which can be any repository when
 * the called workflow is public. An identity alone therefore does not say whose run signed; the
 * source repository does. `gh attestation verify` checks it too: its required `--repo` is matched
 * against the Source Repository URI (cli/cli pkg/cmd/attestation/verify, at 44ee1776).
 */

/** Where the repository the run must belong to comes from. */
export type SourceRepositoryOrigin = 'github-repository' | 'cert-identity' | 'cert-identity-regexp';

/** The certificate's source repository must be `repository` (OWNER/REPO). */
export interface SourceRepositoryRule {
  readonly repository: string;
  readonly origin: SourceRepositoryOrigin;
}

const GITHUB_WORKFLOW_IDENTITY = /^https:\/\/github\.com\/([^/]+)\/([^/]+)\//;

/** `https://github.com/OWNER/REPO/.github/workflows/x.yml@ref` -> `OWNER/REPO`. */
export function identityRepository(identity: string): string | undefined {
  const match = GITHUB_WORKFLOW_IDENTITY.exec(identity);
  return match ? `${match[1]}/${match[2]}` : undefined;
}

/**
 * The one repository every identity matching `^(?:pattern)$` is in, when the pattern fixes it:
 * it starts with `https://github.com/OWNER/REPO/` written out (each character of OWNER and REPO
 * literal; a `.` there must be `\.`, or it would also match `octo-orgXrepo`), with no `|`
 * outside a group that could offer another start. Anything cleverer is "not fixed": the caller
 * then asks for github-repository, which costs the user one line and never guesses.
 */
export function patternRepository(pattern: string): string | undefined {
  if (hasTopLevelAlternative(pattern)) return undefined;
  const tokens = literalPrefix(pattern.startsWith('^') ? pattern.slice(1) : pattern);
  let i = 0;
  const take = (text: string): boolean => {
    for (const char of text) {
      // The host's dot may be left unescaped: with GitHub's issuer the identity's host is always
      // github.com, so a wildcard there cannot admit another repository.
      const token = tokens[i];
      if (token !== char && !(char === '.' && token === ANY)) return false;
      i++;
    }
    return true;
  };
  const segment = (allowed: RegExp): string | undefined => {
    let text = '';
    while (typeof tokens[i] === 'string' && tokens[i] !== '/') {
      const char = tokens[i] as string;
      if (!allowed.test(char)) return undefined;
      text += char;
      i++;
    }
    if (tokens[i] !== '/' || text === '') return undefined;
    i++;
    return text;
  };
  if (!take('https://github.com/')) return undefined;
  // GitHub's rules: owners are letters, digits and hyphens; repositories add `.` and `_`.
  const owner = segment(/^[A-Za-z0-9-]$/);
  const repo = owner && segment(/^[A-Za-z0-9._-]$/);
  return owner && repo ? `${owner}/${repo}` : undefined;
}

/** A character the pattern matches whatever it is (an unescaped `.`). */
const ANY = Symbol('any character');

/**
 * The pattern's leading run of single characters, each either literal or ANY, up to the first
 * construct that is neither (a class, a group, an escape like `\d`, an anchor); a character
 * followed by a quantifier is dropped, as it may be absent or repeated.
 */
function literalPrefix(pattern: string): (string | typeof ANY)[] {
  const tokens: (string | typeof ANY)[] = [];
  let i = 0;
  while (i < pattern.length) {
    const char = pattern[i];
    let token: string | typeof ANY;
    let width = 1;
    if (char === '\\') {
      const next = pattern[i + 1];
      // An identity escape of punctuation (`\.`, `\/`) is that character; `\d`, `\x2e`, `\u…`
      // and the like end the prefix (decoding them is not worth the risk of a mistake).
      if (next === undefined || /[A-Za-z0-9]/.test(next)) break;
      token = next;
      width = 2;
    } else if (char === '.') {
      token = ANY;
    } else if ('^$*+?()[]{}|'.includes(char)) {
      break;
    } else {
      token = char;
    }
    if ('*+?{'.includes(pattern[i + width] ?? '')) break;
    tokens.push(token);
    i += width;
  }
  return tokens;
}

/** Whether a `|` outside every group and class splits the whole pattern into alternatives. */
function hasTopLevelAlternative(pattern: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '\\') i++;
    else if (inClass) inClass = char !== ']';
    else if (char === '[') inClass = true;
    else if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === '|' && depth === 0) return true;
  }
  return false;
}
