// The small request/response model every service handler works with; server.ts adapts it to
// node:http so that services stay plain functions of (request) -> response. The blob proxy alone
// streams (StreamHandler): artifact bodies are too big to buffer.
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';

export interface StackRequest {
  method: string;
  /** Path below the service prefix, e.g. `/api/v1/log/entries` for `/rekor/api/v1/log/entries`. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface StackResponse {
  status: number;
  headers?: Record<string, string>;
  body: Buffer | string;
}

export type Handler = (req: StackRequest) => StackResponse | Promise<StackResponse>;

/** An answer whose body streams through (the blob proxy): never buffered whole. */
export interface StreamedResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Readable;
  /** The body's length when known (content-length). */
  length?: number;
}

/** A handler for big bodies: reads the request itself, `path` below the service prefix. */
export type StreamHandler = (req: IncomingMessage, path: string) => Promise<StreamedResponse>;

export function json(
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): StackResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(value),
  };
}

export function notFound(path: string): StackResponse {
  return json(404, { code: 404, message: `no route for ${path}` });
}

export function methodNotAllowed(method: string, path: string): StackResponse {
  return json(405, { code: 405, message: `${method} is not allowed on ${path}` });
}

/** Parses a JSON request body into an object, or explains why it is not one. */
export function parseJsonObject(body: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new Error('request body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('request body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/** Narrowing helpers for untrusted JSON. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringField(obj: unknown, key: string): string | undefined {
  if (!isRecord(obj)) return undefined;
  const value = obj[key];
  return typeof value === 'string' ? value : undefined;
}
