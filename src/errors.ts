import { printableMessage } from './report/log-text.js';

/**
 * Errors the user can act on. Every failure the action reports carries a stable code (for
 * searching the docs and the issue tracker) and a message that says what to do about it.
 */
export type ErrorCode =
  | 'INPUT_INVALID'
  | 'INPUT_CONFLICT'
  | 'INPUT_UNKNOWN'
  | 'PATTERN_INVALID'
  | 'PATTERN_NO_MATCH'
  | 'PATH_NOT_FOUND'
  | 'PATH_IS_DIRECTORY'
  | 'PATH_OUTSIDE_WORKSPACE'
  | 'INPUT_NOT_COVERED'
  | 'FILE_UNREADABLE'
  | 'FILE_CHANGED'
  | 'BUNDLE_EXISTS'
  | 'BUNDLE_NAME_CONFLICT'
  | 'BUNDLE_WRITE_FAILED'
  | 'OIDC_PERMISSION_MISSING'
  | 'OIDC_TOKEN_FAILED'
  | 'OIDC_TOKEN_INVALID'
  | 'PRIVATE_REPOSITORY'
  | 'INSECURE_SERVICE_URL'
  | 'TRUST_CONFIG_INVALID'
  | 'TUF_FAILED'
  | 'FULCIO_FAILED'
  | 'TLOG_FAILED'
  | 'TSA_FAILED'
  | 'SIGNING_FAILED'
  | 'BUNDLE_NOT_FOUND'
  | 'BUNDLE_MALFORMED'
  | 'BUNDLE_MISMATCH'
  | 'SIGNATURE_INVALID'
  | 'TLOG_INVALID'
  | 'CERTIFICATE_INVALID'
  | 'TIMESTAMP_INVALID'
  | 'POLICY_MISMATCH'
  | 'PREDICATE_INVALID'
  | 'PREDICATE_MISMATCH'
  | 'VERIFY_FAILED'
  | 'GITHUB_PERMISSION'
  | 'GITHUB_FAILED'
  | 'RELEASE_NOT_FOUND'
  | 'RELEASE_IMMUTABLE'
  | 'ASSET_CONFLICT'
  | 'ASSET_NAME_INVALID'
  | 'ARTIFACT_FAILED'
  | 'INTERNAL';

export class ActionError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ActionError';
    this.code = code;
  }
}

/** Several independent failures (one per file, say), reported together. */
export class AggregateActionError extends ActionError {
  readonly summary: string;
  readonly errors: readonly ActionError[];

  constructor(code: ErrorCode, summary: string, errors: readonly ActionError[]) {
    super(code, [summary, ...errors.map((e) => `  - ${e.message}`)].join('\n'));
    this.summary = summary;
    this.errors = errors;
  }
}

/**
 * The message and code of any thrown value, with known secrets replaced by `***`, for a log line
 * or an annotation. Messages quote untrusted text (paths, bundle fields, what a service
 * answered), so each is made printable here, where it leaves: one line per error, and the
 * lines of several errors joined by this function alone.
 */
export function describeError(err: unknown, secrets: Iterable<string> = []): string {
  const shown = (message: string): string => printableMessage(redact(message, secrets));
  if (err instanceof AggregateActionError) {
    const lines = [shown(err.summary), ...err.errors.map((e) => `  - ${shown(e.message)}`)];
    return `${lines.join('\n')} [${err.code}]`;
  }
  if (err instanceof ActionError) return `${shown(err.message)} [${err.code}]`;
  if (err instanceof Error) return `${shown(`${err.message}${causeSuffix(err)}`)} [INTERNAL]`;
  return `${shown(String(err))} [INTERNAL]`;
}

export function redact(text: string, secrets: Iterable<string>): string {
  let result = text;
  for (const secret of secrets) {
    // Short strings would mask ordinary words; credentials are long.
    if (secret.length >= 8) result = result.split(secret).join('***');
  }
  return result;
}

/** The innermost cause message of a sigstore-js error (InternalError wraps the HTTP error). */
export function rootCauseMessage(err: unknown): string {
  let current: unknown = err;
  const messages: string[] = [];
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    messages.push(current.message);
    current = current.cause;
  }
  return messages.length > 0 ? messages.join(': ') : String(err);
}

function causeSuffix(err: Error): string {
  return err.cause instanceof Error ? `: ${err.cause.message}` : '';
}

/** Untrusted text in a message: see src/report/log-text.ts. */
export { printable } from './report/log-text.js';
