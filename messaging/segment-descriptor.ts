import { z } from "zod";
import { LIMITS } from "./limits";

/** An http(s) URL, absolute. */
export const httpUrlSchema = z
  .string()
  .max(LIMITS.urlChars)
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === "http:" || url.protocol === "https:";
    } catch {
      return false;
    }
  }, "expected an absolute http(s) URL");

/** `bytes=a-b`, as the core's Segment.range. */
export const byteRangeSchema = z.string().regex(/^bytes=\d+-\d+$/, "expected bytes=a-b");

export const swarmIdSchema = z.string().min(1).max(LIMITS.swarmIdChars);
export const segmentIdSchema = z.string().min(1).max(LIMITS.segmentIdChars);

/** One entry of a load() queue: what the core's Segment needs to fetch and identify a segment. */
export const segmentDescriptorSchema = z.strictObject({
  id: segmentIdSchema,
  url: httpUrlSchema,
  range: byteRangeSchema.optional(),
  /** 0 = the player needs it next. */
  priority: z.number().int().min(0).max(LIMITS.maxPriority),
});

export type SegmentDescriptor = z.infer<typeof segmentDescriptorSchema>;
