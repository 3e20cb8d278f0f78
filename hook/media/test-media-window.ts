/**
 * Test-only: a window with just enough MediaSource, SourceBuffer, TimeRanges, HTMLMediaElement
 * and document for the media watch, built on Node's own EventTarget (no jsdom). Natives are
 * plain classes with accessors on their prototypes, as the platform's are.
 */
import type { HookWindow } from "../intercept";
import type { TimeRange } from "../position/types";

export class FakeTimeRanges {
  constructor(private readonly ranges: readonly TimeRange[]) {}
  get length(): number {
    return this.ranges.length;
  }
  start(index: number): number {
    return this.ranges[index]?.[0] ?? Number.NaN;
  }
  end(index: number): number {
    return this.ranges[index]?.[1] ?? Number.NaN;
  }
}

export class FakeSourceBuffer extends EventTarget {
  ranges: TimeRange[] = [];
  removed = false;
  get buffered(): FakeTimeRanges {
    if (this.removed) throw new Error("InvalidStateError: removed from its MediaSource");
    return new FakeTimeRanges(this.ranges);
  }
}

/** Fresh classes per window, so what one test patches never leaks into another. */
function mediaClasses() {
  class FakeMediaSource extends EventTarget {
    state = "open";
    failNext: Error | undefined;
    readonly mimes: string[] = [];
    get readyState(): string {
      return this.state;
    }
    addSourceBuffer(mime: string): FakeSourceBuffer {
      if (this.failNext) throw this.failNext;
      this.mimes.push(mime);
      return new FakeSourceBuffer();
    }
    close(): void {
      this.state = "closed";
      this.dispatchEvent(new Event("sourceclose"));
    }
  }

  class FakeMediaElement extends EventTarget {
    time = 0;
    isPaused = false;
    source = "";
    object: unknown = null;
    keys: unknown = null;
    ranges: TimeRange[] = [];
    constructor(readonly tag: "video" | "audio" = "video") {
      super();
    }
    get currentTime(): number {
      return this.time;
    }
    get paused(): boolean {
      return this.isPaused;
    }
    rate = 1;
    get playbackRate(): number {
      return this.rate;
    }
    get buffered(): FakeTimeRanges {
      return new FakeTimeRanges(this.ranges);
    }
    get currentSrc(): string {
      return this.source;
    }
    get srcObject(): unknown {
      return this.object;
    }
    get mediaKeys(): unknown {
      return this.keys;
    }
    setMediaKeys(keys: unknown): Promise<void> {
      this.keys = keys;
      return Promise.resolve();
    }
  }

  const objects: unknown[] = [];
  const URL = {
    createObjectURL(object: unknown): string {
      objects.push(object);
      return `blob:https://page.example/${String(objects.length)}`;
    },
  };
  return { FakeMediaSource, FakeMediaElement, URL };
}

type Classes = ReturnType<typeof mediaClasses>;
export type FakeMediaSource = InstanceType<Classes["FakeMediaSource"]>;
export type FakeMediaElement = InstanceType<Classes["FakeMediaElement"]>;

export class FakeCollection {
  constructor(private readonly items: readonly FakeMediaElement[]) {}
  get length(): number {
    return this.items.length;
  }
  item(index: number): FakeMediaElement | null {
    return this.items[index] ?? null;
  }
}

/** What a worker's MediaSource hands the page to play (an element's srcObject). */
export class FakeMediaSourceHandle {
  readonly kind = "handle";
}

/** WebRTC's peer connection, as far as the watch touches it. */
export class FakeRTCPeerConnection {
  readonly channels: string[] = [];
  createDataChannel(label: string): { label: string } {
    this.channels.push(label);
    return { label };
  }
}

export class FakeDocument {
  readonly elements: FakeMediaElement[] = [];
  getElementsByTagName(tag: string): FakeCollection {
    return new FakeCollection(this.elements.filter((element) => element.tag === tag));
  }
}

export interface FakeMediaWindow {
  win: HookWindow;
  document: FakeDocument;
  /** A new element in the document playing a new MediaSource through a blob: URL. */
  attach(tag?: "video" | "audio"): { element: FakeMediaElement; source: FakeMediaSource };
}

/** A fresh fake window; `without` leaves those globals out (a platform without them). */
export function fakeMediaWindow(without: string[] = []): FakeMediaWindow {
  const { FakeMediaSource, FakeMediaElement, URL } = mediaClasses();
  const document = new FakeDocument();
  const globals: Record<string, unknown> = {
    MediaSource: FakeMediaSource,
    SourceBuffer: FakeSourceBuffer,
    TimeRanges: FakeTimeRanges,
    HTMLMediaElement: FakeMediaElement,
    HTMLCollection: FakeCollection,
    Document: FakeDocument,
    URL,
    RTCPeerConnection: FakeRTCPeerConnection,
    MediaSourceHandle: FakeMediaSourceHandle,
    Function,
    EventTarget,
    document,
  };
  for (const name of without) Reflect.deleteProperty(globals, name);
  const win = Object.assign(new EventTarget(), globals) as unknown as HookWindow;
  return {
    win,
    document,
    attach(tag = "video") {
      const source = new FakeMediaSource();
      const element = new FakeMediaElement(tag);
      element.source = win.URL.createObjectURL(source as unknown as MediaSource);
      document.elements.push(element);
      return { element, source };
    },
  };
}
