/** Size limits for anything a less trusted context sends in. */
export const LIMITS = {
  /** Swarm ids come from the page hook (a hash of the stream's identity). */
  swarmIdChars: 512,
  segmentIdChars: 1024,
  urlChars: 8192,
  /** Segments in one load() queue. */
  queueLength: 512,
  /** The core's highest sensible priority. */
  maxPriority: 10_000,
  /** Longest a page may ask the engine to wait for a segment (ms). */
  maxWaitMs: 30_000,
  /** The largest segment a page may hand in (64 MiB, the core's maxSegmentSize default). */
  segmentBytes: 64 * 1024 * 1024,
  /** Its base64, on the runtime-message route. */
  segmentBase64Chars: Math.ceil((64 * 1024 * 1024) / 3) * 4,
  /** A site is an origin: scheme, host, port. */
  siteChars: 2048,
} as const;
