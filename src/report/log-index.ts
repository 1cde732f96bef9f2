/**
 * The `logIndex` of the `results` outputs: a JSON number, as Rekor's own API gives it (the
 * LogEntry's `logIndex` is `type: integer` in sigstore/rekor's openapi.yaml), so that a workflow
 * compares and sorts it as a number (`fromJSON(steps.x.outputs.results)[0].logIndex > 0`) and
 * jq prints it bare.
 *
 * The bundle keeps it as a string: it is an int64 (sigstore/protobuf-specs,
 * protos/sigstore_rekor.proto), and the protobuf JSON mapping writes 64-bit integers as strings,
 * because a JSON number is read as a double by most parsers (JavaScript, GitHub's `fromJSON`),
 * exact only up to 2^53 - 1 (RFC 8259, section 6). No log is near that: the public-good Rekor
 * v1 log's indexes are in the hundreds of millions (771488337 in a production bundle of
 * sigstore-conformance), and at a billion entries a year it would take nine million years to
 * reach 9007199254740991. An index past it (only a private log could hand one out, and
 * @sigstore/verify's signed-entry-timestamp check reads the index with Number() anyway) is given
 * as its exact decimal string rather than as a number no parser reads back right.
 */
export type LogIndexOutput = number | string;

export function logIndexOutput(index: string | undefined): LogIndexOutput | undefined {
  if (index === undefined || !/^\d+$/.test(index)) return undefined;
  const n = Number(index);
  return Number.isSafeInteger(n) ? n : index;
}
