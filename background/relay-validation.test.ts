/** The background's gate for page messages: the relay schema and the site taken from the sender. */
import { describe, expect, it } from "vitest";
import { LIMITS } from "../messaging/limits";
import { relayToBackgroundSchema } from "../messaging/relay-to-background";
import { clientOf, isExtensionPage, type BrowserSender } from "./sender-site";

const tab = { id: 12, index: 0, highlighted: true, active: true, pinned: false, incognito: false };
const queue = [{ id: "seg-1", url: "https://cdn.example/seg-1.ts", priority: 0 }];

describe("relay messages", () => {
  it("accepts the four message types", () => {
    for (const message of [
      { type: "relay/load", swarmId: "s", segments: queue },
      { type: "relay/get-segment", swarmId: "s", segmentId: "seg-1", waitMs: 100 },
      {
        type: "relay/put-segment",
        swarmId: "s",
        segmentId: "seg-1",
        url: "https://cdn.example/seg-1.ts",
        range: "bytes=0-99",
        bytes: { base64: "AAAA" },
      },
      { type: "relay/stop" },
    ]) {
      expect(relayToBackgroundSchema.safeParse(message).success, message.type).toBe(true);
    }
  });

  it("takes a segment's bytes as base64 (Chrome) or an ArrayBuffer (Firefox), within the limit", () => {
    const put = (bytes: unknown) =>
      relayToBackgroundSchema.safeParse({
        type: "relay/put-segment",
        swarmId: "s",
        segmentId: "seg-1",
        url: "https://cdn.example/seg-1.ts",
        bytes,
      }).success;
    expect(put({ base64: "AAAA" })).toBe(true);
    expect(put(new ArrayBuffer(3))).toBe(true);
    expect(put(new ArrayBuffer(LIMITS.segmentBytes + 1))).toBe(false);
    expect(put({ base64: "A".repeat(LIMITS.segmentBase64Chars + 4) })).toBe(false);
    expect(put("AAAA")).toBe(false);
    expect(put({ base64: "AAAA", site: "https://victim.example" })).toBe(false);
    expect(put(new Uint8Array(3))).toBe(false);
  });

  it("refuses a site field, unknown types, non-http URLs and oversized queues", () => {
    const refused = [
      { type: "relay/load", swarmId: "s", segments: queue, site: "https://victim.example" },
      { type: "relay/get-segment", swarmId: "s", segmentId: "x", tabId: 3 },
      { type: "engine/load", swarmId: "s", segments: queue },
      { type: "relay/load", swarmId: "s", segments: [{ ...queue[0], url: "file:///etc/passwd" }] },
      { type: "relay/load", swarmId: "s", segments: [{ ...queue[0], priority: -1 }] },
      { type: "relay/load", swarmId: "", segments: queue },
      { type: "relay/load", swarmId: "s", segments: Array.from({ length: 513 }, () => queue[0]) },
      { type: "relay/get-segment", swarmId: "s", segmentId: "x", waitMs: 60_000 },
      { type: "relay/put-segment", swarmId: "s", segmentId: "x", url: "https://a.example/x" },
    ];
    for (const message of refused) {
      expect(relayToBackgroundSchema.safeParse(message).success, JSON.stringify(message)).toBe(
        false,
      );
    }
  });
});

describe("the site of a sender", () => {
  it("is the sending frame's origin, from sender.origin or else sender.url", () => {
    const sender: BrowserSender = { tab, frameId: 3, origin: "https://video.example" };
    expect(clientOf(sender)).toEqual({ tabId: 12, frameId: 3, site: "https://video.example" });
    expect(clientOf({ tab, frameId: 0, url: "http://127.0.0.1:8080/watch?v=1" })).toEqual({
      tabId: 12,
      frameId: 0,
      site: "http://127.0.0.1:8080",
    });
  });

  it("is none for extension pages, tabless senders and opaque origins", () => {
    expect(clientOf({ tab, frameId: 0, origin: "chrome-extension://abc" })).toBeUndefined();
    expect(clientOf({ frameId: 0, origin: "https://video.example" })).toBeUndefined();
    expect(clientOf({ tab, origin: "https://video.example" })).toBeUndefined();
    expect(clientOf({ tab, frameId: 0, origin: "null" })).toBeUndefined();
    expect(clientOf({ tab: { ...tab, id: -1 }, frameId: 0, origin: "https://a.example" })).toBe(
      undefined,
    );
  });

  it("counts only this extension's own pages as extension pages", () => {
    const extension = { id: "abc", origin: "chrome-extension://abc" };
    expect(
      isExtensionPage({ id: "abc", url: "chrome-extension://abc/popup.html" }, extension),
    ).toBe(true);
    expect(isExtensionPage({ id: "abc", url: "https://video.example/" }, extension)).toBe(false);
    expect(
      isExtensionPage({ id: "xyz", url: "chrome-extension://xyz/popup.html" }, extension),
    ).toBe(false);
  });
});
