/**
 * Errors the user can act on. Every failure the action reports carries a stable code (for
 * searching the docs and the issue tracker) and a message that says what to do about it.
 */
export type ErrorCode =
  | 'INPUT_INVALID'
  | 'INPUT_CONFLICT'
  | 'PATTERN_INVALID'
  | 'PATTERN_NO_MATCH'
  | 'PATH_NOT_FOUND'
  | 'PATH_IS_DIRECTORY'
  | 'PATH_OUTSIDE_WORKSPACE'
  | 'FILE_UNREADABLE'
  | 'FILE_CHANGED'
  | 'BUNDLE_EXISTS'
  | 'BUNDLE_NAME_CONFLICT'
  | 'BUNDLE_WRITE_FAILED'
  | 'OIDC_PERMISSION_MISSING'
  | 'OIDC_TOKEN_FAILED'
  | 'OIDC_TOKEN_INVALID'
  | 'PRIVATE_REPOSITORY'
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
  readonly errors: readonly ActionError[];

  constructor(code: ErrorCode, summary: string, errors: readonly ActionError[]) {
    super(code, [summary, ...errors.map((e) => `  - ${e.message}`)].join('\n'));
    this.errors = errors;
  }
}

/** The message and code of any thrown value, with known secrets replaced by `***`. */
export function describeError(err: unknown, secrets: Iterable<string> = []): string {
  const text =
    err instanceof ActionError
      ? `${err.message} [${err.code}]`
      : err instanceof Error
        ? `${err.message}${causeSuffix(err)} [INTERNAL]`
        : `${String(err)} [INTERNAL]`;
  return redact(text, secrets);
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

/**
 * Text that came from an untrusted file, made fit for a one-line message: control, format
 * (bidirectional overrides, zero-width), line-separator and lone surrogate characters are
 * escaped as \uXXXX, and anything past `max` characters is cut.
 */
export function printable(text: string, max = 200): string {
  let cut = text.length > max ? text.slice(0, max) : text;
  // Do not leave half of a surrogate pair at the cut.
  if (cut.length < text.length && /[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  const escaped = cut.replace(/[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu, (c) => {
    const code = c.codePointAt(0) ?? 0;
    return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
  return cut.length < text.length ? `${escaped}… (${text.length} characters)` : escaped;
}
