import type { XhrContext, XhrState } from "./xhr-state.js";

/**
 * What the response members of a hooked XHR return while the hook plays a request (engine and
 * aborted phases), per responseType, like the native ones.
 */

function text(context: XhrContext, state: XhrState): string {
  if (state.bytes === undefined || state.readyState < 3) return "";
  return new context.natives.TextDecoder().decode(state.bytes);
}

function build(context: XhrContext, state: XhrState, type: string): unknown {
  const bytes = state.bytes;
  if (type === "" || type === "text") return text(context, state);
  if (bytes === undefined || state.readyState !== 4) return null;
  switch (type) {
    case "arraybuffer":
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    case "blob": {
      const contentType = headerValue(state, "content-type") ?? "";
      return new context.natives.Blob([bytes], { type: contentType });
    }
    case "json":
      try {
        return JSON.parse(text(context, state)) as unknown;
      } catch {
        return null;
      }
    default:
      return null;
  }
}

/** xhr.response; the same object on every read once complete, as natively. */
export function heldResponse(context: XhrContext, state: XhrState, type: string): unknown {
  if (type === "" || type === "text") return text(context, state);
  if (state.response?.type === type) return state.response.value;
  const value = build(context, state, type);
  if (value !== null) state.response = { type, value };
  return value;
}

/** xhr.responseText: only for responseType "" and "text", else InvalidStateError. */
export function heldResponseText(context: XhrContext, state: XhrState, type: string): string {
  if (type !== "" && type !== "text") {
    throw new context.natives.DOMException(
      "Failed to read the 'responseText' property from 'XMLHttpRequest': The value is only " +
        `accessible if the object's 'responseType' is '' or 'text' (was '${type}').`,
      "InvalidStateError",
    );
  }
  return text(context, state);
}

/** One response header (case-insensitive), or null before headers / for unknown names. */
export function headerValue(state: XhrState, name: unknown): string | null {
  if (state.head === undefined || state.readyState < 2 || typeof name !== "string") return null;
  const wanted = name.toLowerCase();
  return state.head.headers.find(([key]) => key === wanted)?.[1] ?? null;
}

/** All response headers as the native getAllResponseHeaders() formats them (sorted, CRLF). */
export function allHeaders(state: XhrState): string {
  if (state.head === undefined || state.readyState < 2) return "";
  return [...state.head.headers]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}: ${value}\r\n`)
    .join("");
}
