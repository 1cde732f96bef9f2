// The Sigstore stand-ins judged by their upstream contracts (transcribed in stack/contracts/, each
// citing the upstream file and commit), as stack/github-api.ts judges the GitHub stand-in by
// GitHub's OpenAPI description. Every
// request to and every answer of Fulcio, Rekor v1, Rekor v2 and the TSA goes through check():
// - an answer that does not conform to its operation's declared responses is a stand-in bug;
// - so is a 2xx answer to a request the contract refuses: the stand-in must refuse it as the
//   real service does (which fails the client test that sent it);
// - so is a 2xx answer on a path the contract does not have.
// Violations are logged to stderr, counted in /__stats (`contractViolations`) and listed at
// /__contract-violations; __tests__/helpers/stack.ts fails a test whose stack recorded any.
import { readFirstValue } from './go-json.js';
import type { Handler, StackRequest, StackResponse } from './http.js';
import {
  CreateEntryRequest,
  CreateSigningCertificateRequest,
  SWAGGER_DEFINITIONS,
} from './proto-messages.js';
import {
  decodeMessage,
  encodeMessage,
  ProtojsonError,
  type MessageDescriptor,
} from './protojson.js';
import { fulcioContract } from './contracts/fulcio.js';
import { rekorV1Contract } from './contracts/rekor-v1.js';
import { rekorV2Contract } from './contracts/rekor-v2.js';
import { tsaContract } from './contracts/tsa.js';
import { specProblem } from './rekor-type-schemas.js';
import { SwaggerContract, type Contract, type Operation } from './swagger-contract.js';

export type SigstoreService = 'fulcio' | 'rekor' | 'rekorV2' | 'tsa';

export interface ContractViolation {
  service: SigstoreService;
  method: string;
  /** The path below the service's mount point. */
  path: string;
  operationId?: string;
  message: string;
}

/** The protobuf message of each grpc-gateway body, and how the gateway parses it. */
const PROTO_BODIES: Record<string, { desc: MessageDescriptor; discardUnknown: boolean }> = {
  // cmd/app/http.go: the default marshaler.
  CA_CreateSigningCertificate: { desc: CreateSigningCertificateRequest, discardUnknown: true },
  // internal/server/http.go: the strict marshaler.
  Rekor_CreateEntry: { desc: CreateEntryRequest, discardUnknown: false },
};

function oneofs(service: 'fulcio' | 'rekorV2'): Record<string, string[]> {
  return Object.fromEntries(
    SWAGGER_DEFINITIONS.filter((d) => d.service === service).map(({ name, desc }) => [
      name,
      desc.fields.filter((f) => f.oneof !== undefined).map((f) => f.jsonName),
    ]),
  );
}

const CONTRACTS: Record<SigstoreService, () => Contract> = {
  fulcio: () => ({ ...fulcioContract, oneofs: oneofs('fulcio') }),
  rekorV2: () => ({ ...rekorV2Contract, oneofs: oneofs('rekorV2') }),
  rekor: () => rekorV1Contract,
  tsa: () => tsaContract,
};

export class SigstoreContracts {
  readonly violations: ContractViolation[] = [];
  private readonly loaded = new Map<SigstoreService, SwaggerContract>();

  /** @param log where each violation is reported as it happens (the stack's stderr). */
  constructor(private readonly log: (line: string) => void = (line) => console.error(line)) {}

  /** The handler, with its requests and answers checked against the service's contract. */
  wrap(service: SigstoreService, handler: Handler): Handler {
    return async (req) => {
      const res = await handler(req);
      this.check(service, req, res);
      return res;
    };
  }

  contract(service: SigstoreService): SwaggerContract {
    let contract = this.loaded.get(service);
    if (!contract) {
      contract = new SwaggerContract(CONTRACTS[service]());
      this.loaded.set(service, contract);
    }
    return contract;
  }

  check(service: SigstoreService, req: StackRequest, res: StackResponse): void {
    const violate = (message: string, operationId?: string): void => {
      this.violations.push({ service, method: req.method, path: req.path, operationId, message });
      this.log(
        `sigstore stand-in contract violation: ${service} ${req.method} ${req.path}${operationId ? ` (${operationId})` : ''}: ${message}`,
      );
    };
    const contract = this.contract(service);
    const found = contract.match(req.method, req.path);
    if (!('op' in found)) {
      if (res.status < 400) {
        violate(`answered ${res.status} on a path and method the contract does not have`);
      }
      return;
    }
    const { op, params } = found;
    const refused = this.requestProblems(contract, op, params, req);
    if (refused.length > 0 && res.status < 300) {
      violate(
        `answered ${res.status} to a request the contract refuses: ${refused.join('; ')}`,
        op.operationId,
      );
    }
    for (const problem of contract.checkResponse(op, {
      status: res.status,
      headers: res.headers ?? {},
      body: res.body,
    })) {
      violate(`answer ${problem}`, op.operationId);
    }
  }

  private requestProblems(
    contract: SwaggerContract,
    op: Operation,
    params: Record<string, string>,
    req: StackRequest,
  ): string[] {
    let json: unknown;
    const proto = PROTO_BODIES[op.operationId];
    if (proto) {
      // The body as the gateway reads it, then its canonical form against the swagger.
      const first = readFirstValue(req.body);
      if ('error' in first) return [`the body is not JSON (${first.error})`];
      try {
        const raw = 'eof' in first ? Buffer.from('{}') : first.value;
        json = encodeMessage(decodeMessage(raw, proto.desc, proto), proto.desc);
      } catch (err) {
        if (err instanceof ProtojsonError) return [`protojson refuses the body (${err.message})`];
        throw err;
      }
    } else if (req.body.length > 0 && /json/i.test(req.headers['content-type'] ?? '')) {
      const first = readFirstValue(req.body);
      if ('error' in first) return [`the body is not JSON (${first.error})`];
      json = 'value' in first ? (JSON.parse(first.value.toString('utf8')) as unknown) : undefined;
    }
    const problems = contract.checkRequest(op, params, {
      method: req.method,
      path: req.path,
      query: req.query,
      headers: req.headers,
      json,
      bodyLength: req.body.length,
    });
    // Rekor v1 checks the spec against its kind's schema too (rekor-type-schemas.ts).
    if (op.operationId === 'createLogEntry' && isEntry(json)) {
      const problem = specProblem(json.kind, json.apiVersion, json.spec);
      if (problem) problems.push(`spec: ${problem}`);
    }
    return problems;
  }
}

function isEntry(value: unknown): value is { kind: string; apiVersion: string; spec: unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { kind?: unknown }).kind === 'string' &&
    typeof (value as { apiVersion?: unknown }).apiVersion === 'string'
  );
}
