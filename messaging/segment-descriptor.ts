/**
 * Schemas of the segment fields every route shares. zod/mini (the same checks as zod's classic
 * API, as functions): the page relay bundles these, and zod/mini keeps it ~40 KB instead of
 * ~470 KB with the classic API (docs/engine.md, "Bundling").
 */
import * as z from "zod/mini";
import { LIMITS } from "./limits";

/** An http(s) URL, absolute. */
export const httpUrlSchema = z.string().check(
  z.maxLength(LIMITS.urlChars),
  z.refine(
    (value) => {
      try {
        const url = new URL(value);
        return url.protocol === "http:" || url.protocol === "https:";
      } catch {
        return false;
      }
    },
    { message: "expected an absolute http(s) URL" },
  ),
);

/** `bytes=a-b`, as the core's Segment.range. */
export const byteRangeSchema = z
  .string()
  .check(z.regex(/^bytes=\d+-\d+$/, { message: "expected bytes=a-b" }));

export const swarmIdSchema = z.string().check(z.minLength(1), z.maxLength(LIMITS.swarmIdChars));
export const segmentIdSchema = z.string().check(z.minLength(1), z.maxLength(LIMITS.segmentIdChars));

/** A whole number from `min` to `max`. */
export const intSchema = (min: number, max: number) =>
  z.int().check(z.minimum(min), z.maximum(max));

/** One entry of a load() queue: what the core's Segment needs to fetch and identify a segment. */
export const segmentDescriptorSchema = z.strictObject({
  id: segmentIdSchema,
  url: httpUrlSchema,
  range: z.optional(byteRangeSchema),
  /** 0 = the player needs it next. */
  priority: intSchema(0, LIMITS.maxPriority),
  /**
   * The page says the bytes are encrypted (HLS AES-128): the engine's content check then expects
   * ciphertext, not a container. Believing a lying page costs nothing: the content check is a
   * sanity layer, the origin spot check and the peers' digests still judge every byte.
   */
  encrypted: z.optional(z.literal(true)),
});

export type SegmentDescriptor = z.infer<typeof segmentDescriptorSchema>;

/** A segment's bytes as a port carries them (an ArrayBuffer), at most LIMITS.segmentBytes. */
export const segmentBytesSchema = z.instanceof(ArrayBuffer).check(
  z.refine((bytes) => bytes.byteLength <= LIMITS.segmentBytes, {
    message: "segment too large",
  }),
);

/** A segment's bytes on a runtime route (messaging/bytes.ts, CarriedBytes). */
export const carriedBytesSchema = z.union([
  segmentBytesSchema,
  z.strictObject({ base64: z.string().check(z.maxLength(LIMITS.segmentBase64Chars)) }),
]);
