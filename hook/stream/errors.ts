/** Why a response that looked like a manifest did not become a stream; callers switch on `code`. */
export type ManifestErrorCode =
  | "not-a-manifest" // neither content type, URL nor body say HLS or DASH (an HTML page, garbage)
  | "parse-failed" // the parser threw (truncated or invalid XML, ...)
  | "empty" // parsed, but no variant, rendition, representation or segment in it
  | "protected"; // DRM (SAMPLE-AES, ContentProtection): left alone on purpose

/** A typed error value: returned, never thrown, by the stream model. */
export class ManifestError extends Error {
  override readonly name = "ManifestError";
  constructor(
    readonly code: ManifestErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${message}`, options);
  }
}
