/**
 * Types shared by the intercept tests (Node side) and the test page (browser side,
 * intercept-page.ts): how the page's fake SegmentSource behaves and what it recorded.
 */

/** What the fake engine does with a matched request. */
export type EngineMode =
  /** fromEngine resolves undefined (after engineDelayMs). */
  | "miss"
  /** fromEngine resolves the origin's bytes, read from /cache/<path> (after engineDelayMs). */
  | "serve"
  /** fromEngine rejects (after engineDelayMs), breaking the SegmentSource contract. */
  | "reject"
  /** fromEngine throws synchronously. */
  | "throw"
  /** fromEngine resolves only when its signal aborts (then undefined). */
  | "hang"
  /** fromEngine resolves bytes one shorter than the origin's. */
  | "short";

export interface SourceConfig {
  /** RegExp source tested against the absolute URL; null matches nothing. */
  match: string | null;
  deadlineMs: number;
  engine: EngineMode;
  engineDelayMs: number;
  /** "serve" only for segment numbers divisible by this (the number before the extension). */
  serveEvery: number;
  /** Passed as SegmentMatch.size. */
  size: number | undefined;
  /** RegExp source for isManifestCandidate (tested against the URL); null accepts nothing. */
  manifest: string | null;
}

export interface EngineCall {
  url: string;
  outcome: "served" | "missed" | "rejected" | "thrown" | "aborted";
  /** ms from the request to the engine's answer. */
  ms: number;
}

export interface SourceLog {
  matched: { url: string; method: string; range: string | null }[];
  engine: EngineCall[];
  network: { url: string; length: number; sha256: string }[];
  /** Segment ids of matched requests that went to the network after the engine missed. */
  toNetwork: string[];
  manifests: { url: string; contentType: string | null; text: string }[];
}

/** The outcome of a fetch() made on the test page. */
export interface FetchResult {
  ok: boolean;
  error: string | null;
  status: number;
  statusText: string;
  url: string;
  type: string;
  headers: [string, string][];
  length: number;
  sha256: string;
  /** ms from the fetch() call to the promise settling, and to the body being read. */
  headersMs: number;
  bodyMs: number;
  instanceofResponse: boolean;
}

export interface FetchOptions {
  /** How the request is passed: a string, a URL object, a Request, or a relative string. */
  as: "string" | "url" | "request" | "relative";
  range?: string;
  /** Abort the request (through an AbortSignal) this many ms after the call. */
  abortAfterMs?: number;
}

/** The outcome of an XHR made on the test page. */
export interface XhrResult {
  /** Every event as "type" or "type:readyState" for readystatechange, with progress numbers. */
  events: string[];
  status: number;
  statusText: string;
  responseURL: string;
  allHeaders: string;
  contentType: string | null;
  contentLength: string | null;
  responseKind: string;
  length: number;
  sha256: string;
  text: string | null;
  readyState: number;
  ms: number;
}

export interface XhrOptions {
  responseType: XMLHttpRequestResponseType;
  range?: string;
  timeout?: number;
  /** Call abort() this many ms after send(). */
  abortAfterMs?: number;
  /** Use relative URL resolution (the URL as given). */
  withCredentials?: boolean;
}
