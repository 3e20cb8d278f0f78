/** Every failure the core reports carries one of these codes; callers switch on `code`. */
export type LoaderErrorCode =
  | "http-network" // the request failed before a response (DNS, reset, CORS, offline)
  | "http-status" // the server answered with a status that is not 200/206
  | "http-range-ignored" // a range was asked for and the server sent something else
  | "http-aborted"
  | "segment-too-large" // announced or received size above maxSegmentSize
  | "size-mismatch" // the bytes received do not add up to the announced size
  | "validation-failed" // segmentValidator rejected the data
  | "integrity-unverified" // segmentValidator could not check the data (not the peers' fault)
  | "peer-timeout" // a peer did not start or stopped sending in time
  | "peer-too-slow" // a peer sent less than p2pMinDownloadSpeed over a window
  | "peer-absent" // the peer said it does not have the segment (any more)
  | "peer-closed" // the connection to the peer closed during the transfer
  | "protocol-violation" // the peer sent something the wire protocol does not allow
  | "storage-failed"
  | "destroyed";

export class LoaderError extends Error {
  override readonly name = "LoaderError";
  constructor(
    readonly code: LoaderErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${message}`, options);
  }
}

export const isLoaderError = (value: unknown): value is LoaderError => value instanceof LoaderError;

/**
 * A segmentValidator rejection that names the contributors whose bytes were wrong: only they are
 * banned, the segment's other contributors are passed over for it. A rejection without culprits
 * (any other error) bans every contributor.
 */
export class SegmentRejection extends Error {
  constructor(
    message: string,
    readonly culprits?: readonly string[],
  ) {
    super(message);
  }
}
