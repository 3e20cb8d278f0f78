/**
 * The engine's HTTP downloads go through the page (docs/engine.md, "What the engine fetches"):
 * the engine orders a fetch on a frame's fast-path port, the relay (isolated world) fetches it
 * with the page's own network stack — the page's origin, CORS, credentials policy, private-network
 * and redirect rules — and streams the response back on the same port. So the engine never
 * obtains a response the page could not read itself, and a page cannot use it as a fetch proxy.
 */
import * as z from "zod/mini";
import { LIMITS } from "./limits";
import { httpUrlSchema, intSchema } from "./segment-descriptor";

const fetchIdSchema = intSchema(1, Number.MAX_SAFE_INTEGER);

/** Engine -> relay, on the fast-path port. */
export type PageFetchOrder =
  /** Fetch `url` (with a Range header when `range` is set) and stream the response back. */
  | { type: "fetch"; fetchId: number; url: string; range?: string }
  /** The engine no longer wants that response. */
  | { type: "fetch-abort"; fetchId: number };

/** Relay -> engine: the response of one order, in this order: head, chunks, end (or fail). */
export const pageFetchEventSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("fetch-head"),
    fetchId: fetchIdSchema,
    status: intSchema(100, 599),
    length: z.optional(intSchema(0, Number.MAX_SAFE_INTEGER)),
    rangeTotal: z.optional(intSchema(0, Number.MAX_SAFE_INTEGER)),
    responseUrl: httpUrlSchema,
  }),
  z.strictObject({
    type: z.literal("fetch-chunk"),
    fetchId: fetchIdSchema,
    bytes: z
      .instanceof(ArrayBuffer)
      .check(z.refine((bytes) => bytes.byteLength <= LIMITS.segmentBytes, "chunk too large")),
  }),
  z.strictObject({ type: z.literal("fetch-end"), fetchId: fetchIdSchema }),
  z.strictObject({
    type: z.literal("fetch-fail"),
    fetchId: fetchIdSchema,
    /** `network`: the page's fetch failed (CORS, private network, offline...); `aborted`. */
    reason: z.enum(["network", "aborted"]),
  }),
]);
export type PageFetchEvent = z.infer<typeof pageFetchEventSchema>;

/** Whether a message on the port is a fetch order (the relay's side tells them from replies). */
export const isPageFetchOrder = (data: unknown): data is PageFetchOrder => {
  const type = (data as { type?: unknown } | null)?.type;
  return type === "fetch" || type === "fetch-abort";
};

export const pageFetchOrderSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("fetch"),
    fetchId: fetchIdSchema,
    url: httpUrlSchema,
    /** A Range header value as the core makes it: `bytes=a-b`, or `bytes=a-` for a resume. */
    range: z.optional(z.string().check(z.regex(/^bytes=\d+-\d*$/))),
  }),
  z.strictObject({ type: z.literal("fetch-abort"), fetchId: fetchIdSchema }),
]);
