import { beforeEach, describe, expect, it } from "vitest";
import type { MediaObserver, PlayerView } from "../position/types";
import { installMediaWatch } from "./install";
import {
  type FakeMediaWindow,
  FakeMediaSourceHandle,
  FakeRTCPeerConnection,
  type FakeSourceBuffer,
  fakeMediaWindow,
} from "./test-media-window";

/** An observer that records what the watch told it. */
function recorder() {
  const events: string[] = [];
  let view: PlayerView | undefined;
  const observer: MediaObserver = {
    mediaChanged(seen, urgent) {
      view = seen;
      events.push(urgent ? "urgent" : "changed");
    },
    mediaPlaying() {
      events.push("playing");
    },
    mediaProtected() {
      events.push("protected");
    },
    pagePeerToPeer() {
      events.push("page-p2p");
    },
    workerPlayer() {
      events.push("worker");
    },
  };
  return { observer, events, view: () => view };
}

type Method = (this: unknown, ...args: unknown[]) => unknown;

/** The four patched members of a fake window, as the page would read them. */
function members(fake: FakeMediaWindow): Record<string, Method> {
  const win = fake.win as unknown as Record<string, { prototype: object } & object>;
  const get = (target: object | undefined, name: string) =>
    Object.getOwnPropertyDescriptor(target ?? {}, name)?.value as Method;
  return {
    createObjectURL: get(win.URL, "createObjectURL"),
    addSourceBuffer: get(win.MediaSource?.prototype, "addSourceBuffer"),
    setMediaKeys: get(win.HTMLMediaElement?.prototype, "setMediaKeys"),
    createDataChannel: get(win.RTCPeerConnection?.prototype, "createDataChannel"),
  };
}

describe("installMediaWatch", () => {
  let fake: FakeMediaWindow;
  let record: ReturnType<typeof recorder>;

  beforeEach(() => {
    fake = fakeMediaWindow();
    record = recorder();
  });

  it("replaces the members with wrappers that look like them", () => {
    const originals = members(fake);
    installMediaWatch(fake.win, record.observer);
    const wrapped = members(fake);
    for (const [name, original] of Object.entries(originals)) {
      const wrapper = wrapped[name];
      expect(wrapper, name).not.toBe(original);
      expect(wrapper?.name).toBe(name);
      expect(wrapper?.length).toBe(original.length);
      expect(String(wrapper)).toBe(Function.prototype.toString.call(original));
      expect(wrapper && "prototype" in wrapper).toBe(false);
      expect(() => {
        Reflect.construct(wrapper ?? original, []);
      }).toThrow(TypeError);
    }
  });

  it("is a no-op the second time, and uninstalls to the originals", () => {
    const originals = members(fake);
    const keys = Reflect.ownKeys(fake.win);
    const uninstall = installMediaWatch(fake.win, record.observer);
    // No mark on the window a page could find: the watch remembers its windows itself.
    expect(Reflect.ownKeys(fake.win)).toEqual(keys);
    const wrapped = members(fake);
    installMediaWatch(fake.win, record.observer)();
    expect(members(fake)).toEqual(wrapped);
    const { source } = fake.attach();
    source.addSourceBuffer("video/mp4");
    expect(record.events).toEqual(["changed"]); // watched once, not twice
    uninstall();
    expect(members(fake)).toEqual(originals);
    expect(Reflect.ownKeys(fake.win)).toEqual(keys);
    // A wrapper the page kept is a plain pass-through now.
    const kept = wrapped.addSourceBuffer;
    expect(kept?.call(source, "audio/mp4")).toBeDefined();
    expect(source.mimes).toEqual(["video/mp4", "audio/mp4"]);
    expect(record.events).toEqual(["changed"]);
    // And a new install works again.
    installMediaWatch(fake.win, record.observer);
    expect(members(fake).addSourceBuffer).not.toBe(originals.addSourceBuffer);
  });

  it("leaves a member the page replaced after install where it is", () => {
    const uninstall = installMediaWatch(fake.win, record.observer);
    const pages = () => "page's own";
    Object.defineProperty(fake.win.URL, "createObjectURL", { value: pages, configurable: true });
    uninstall();
    expect(members(fake).createObjectURL).toBe(pages);
  });

  it("passes results and exceptions through untouched", () => {
    installMediaWatch(fake.win, record.observer);
    const { source } = fake.attach();
    const failure = new Error("QuotaExceededError");
    source.failNext = failure;
    expect(() => source.addSourceBuffer("video/mp4")).toThrow(failure);
    source.failNext = undefined;
    const buffer = source.addSourceBuffer("video/mp4");
    expect(buffer.constructor.name).toBe("FakeSourceBuffer");
    expect(fake.win.URL.createObjectURL(new Blob([]))).toMatch(/^blob:/);
  });

  it("stays out of a window without MediaSource, and of one it cannot read", () => {
    for (const without of [["MediaSource"], ["TimeRanges"]]) {
      const bare = fakeMediaWindow(without);
      const before = members(bare);
      const keys = Reflect.ownKeys(bare.win);
      installMediaWatch(bare.win, record.observer)();
      expect(members(bare)).toEqual(before);
      expect(Reflect.ownKeys(bare.win)).toEqual(keys);
    }
  });
});

describe("the media watch's view", () => {
  let fake: FakeMediaWindow;
  let record: ReturnType<typeof recorder>;
  const view = () => {
    const seen = record.view();
    if (seen === undefined) throw new Error("no view reported");
    return seen;
  };

  beforeEach(() => {
    fake = fakeMediaWindow();
    record = recorder();
    installMediaWatch(fake.win, record.observer);
  });

  it("finds the element through the blob: URL and reads each buffer's ranges", () => {
    const { element, source } = fake.attach();
    const video = source.addSourceBuffer('video/mp4; codecs="avc1.64001e"');
    const audio = source.addSourceBuffer('audio/mp4; codecs="mp4a.40.2"');
    video.ranges = [[0, 12]];
    audio.ranges = [[0, 8]];
    element.ranges = [[0, 8]];
    element.time = 3.5;
    expect(view().positionOf("video")).toEqual({
      currentTime: 3.5,
      paused: false,
      playbackRate: 1,
      buffered: [[0, 12]],
    });
    expect(view().positionOf("audio")?.buffered).toEqual([[0, 8]]);
    expect(view().positionOf("media")?.buffered).toEqual([[0, 8]]);
  });

  it("finds an element playing the MediaSource through srcObject", () => {
    const { element, source } = fake.attach();
    element.source = "";
    element.object = source;
    source.addSourceBuffer("audio/mp4");
    expect(view().positionOf("audio")).toBeDefined();
    expect(view().positionOf("video")).toBeUndefined(); // an audio-only stream
  });

  it("reports seeks as urgent, other playback events and appends as ordinary", () => {
    const { element, source } = fake.attach();
    const buffer: FakeSourceBuffer = source.addSourceBuffer("video/mp4");
    record.events.length = 0;
    for (const type of ["seeking", "timeupdate", "seeked", "pause", "play"]) {
      element.dispatchEvent(new Event(type));
    }
    buffer.dispatchEvent(new Event("updateend"));
    expect(record.events).toEqual(["urgent", "changed", "urgent", "changed", "changed", "changed"]);
  });

  it("has no position for several elements, a removed buffer, or a closed MediaSource", () => {
    const first = fake.attach();
    const buffer = first.source.addSourceBuffer("video/mp4");
    const second = fake.attach();
    second.source.addSourceBuffer("video/mp4");
    expect(view().positionOf("video")).toBeUndefined();
    second.source.close();
    expect(view().positionOf("video")).toBeDefined();
    buffer.removed = true;
    expect(view().positionOf("video")).toBeUndefined();
    expect(view().positionOf("media")).toBeDefined();
    // The page replaced it: the new one is read.
    const replacement = first.source.addSourceBuffer("video/mp4");
    replacement.ranges = [[0, 4]];
    expect(view().positionOf("video")?.buffered).toEqual([[0, 4]]);
    replacement.removed = true;
    first.source.close();
    expect(view().positionOf("media")).toBeUndefined();
  });

  it("has no position for an element outside the document", () => {
    const { element, source } = fake.attach();
    fake.document.elements.length = 0;
    source.addSourceBuffer("video/mp4");
    element.time = 1;
    expect(view().positionOf("video")).toBeUndefined();
  });

  it("reports EME once: setMediaKeys, an encrypted event, or MediaKeys already set", async () => {
    const { element, source } = fake.attach();
    source.addSourceBuffer("video/mp4");
    expect(view().positionOf("video")).toBeDefined();
    await element.setMediaKeys({ keys: 1 });
    element.dispatchEvent(new Event("encrypted"));
    expect(record.events.filter((event) => event === "protected")).toEqual(["protected"]);
    expect(view().positionOf("video")).toBeUndefined();

    for (const how of ["encrypted on the window", "mediaKeys"]) {
      const other = fakeMediaWindow();
      const seen = recorder();
      installMediaWatch(other.win, seen.observer);
      const attached = other.attach();
      if (how === "mediaKeys") attached.element.keys = {};
      else other.win.dispatchEvent(new Event("encrypted"));
      attached.source.addSourceBuffer("video/mp4");
      expect(seen.events, how).toContain("protected");
    }
  });

  it("a null setMediaKeys (clearing keys) is no EME", async () => {
    const { element, source } = fake.attach();
    source.addSourceBuffer("video/mp4");
    await element.setMediaKeys(null);
    expect(record.events).not.toContain("protected");
  });

  it("reports the page's own P2P once, at its first data channel, with the native's result", () => {
    installMediaWatch(fake.win, record.observer);
    // The prototype the watch patched is the fake class's own.
    const connection = new FakeRTCPeerConnection();
    expect(connection.createDataChannel("a")).toEqual({ label: "a" });
    expect(new FakeRTCPeerConnection().createDataChannel("b")).toEqual({ label: "b" });
    expect(connection.channels).toEqual(["a"]);
    expect(record.events.filter((event) => event === "page-p2p")).toEqual(["page-p2p"]);
  });

  it("installs without WebRTC, and reports no P2P", () => {
    const plain = fakeMediaWindow(["RTCPeerConnection"]);
    installMediaWatch(plain.win, record.observer);
    plain.attach().source.addSourceBuffer("video/mp4");
    expect(record.events).toEqual(["changed"]);
  });

  it("reports each time an element of the frame starts playing", () => {
    fake.win.dispatchEvent(new Event("playing"));
    fake.win.dispatchEvent(new Event("playing"));
    expect(record.events.filter((event) => event === "playing")).toEqual(["playing", "playing"]);
  });

  it("reports a player whose MediaSource is in a worker once, when an element plays its handle", () => {
    installMediaWatch(fake.win, record.observer);
    const element = fake.attach().element;
    fake.win.dispatchEvent(new Event("playing"));
    expect(record.events).not.toContain("worker");
    element.object = new FakeMediaSourceHandle();
    fake.win.dispatchEvent(new Event("loadedmetadata"));
    fake.win.dispatchEvent(new Event("playing"));
    expect(record.events.filter((event) => event === "worker")).toEqual(["worker"]);
  });

  it("tells of a worker's player before the `playing` that shows it (the frame stands aside first)", () => {
    fake.attach().element.object = new FakeMediaSourceHandle();
    fake.win.dispatchEvent(new Event("playing"));
    expect(record.events.filter((event) => event !== "changed")).toEqual(["worker", "playing"]);
  });
});
