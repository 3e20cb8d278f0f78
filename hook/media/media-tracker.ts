import { call } from "../intercept/natives";
import type { BufferKind, MediaObserver, PlayerPosition, PlayerView } from "../position/types";
import type { MediaNatives } from "./media-natives";
import {
  contentTypeOf,
  findElement,
  hasMediaKeys,
  isObject,
  playsFromWorker,
  readRanges,
} from "./media-read";

/** Element events after which the playhead must be re-read; seeks make the queue follow at once. */
const URGENT_EVENTS = ["seeking", "seeked"];
const EVENTS = ["timeupdate", "pause", "play", "emptied"];

/** One MediaSource the page added SourceBuffers to. */
interface TrackedSource {
  source: object;
  /** Its blob: URL, if the page made one (URL.createObjectURL). */
  url: string | undefined;
  /** The element playing it, once found. */
  element: HTMLMediaElement | undefined;
  buffers: { buffer: SourceBuffer; type: "video" | "audio" | undefined }[];
  /** Attachment order: of two sources on one element, the newer is the one playing. */
  serial: number;
  removers: (() => void)[];
}

/** The newest SourceBuffer of that type: a page that removed one and added another uses that. */
function newestBuffer(tracked: TrackedSource, type: "video" | "audio") {
  for (let index = tracked.buffers.length - 1; index >= 0; index--) {
    const entry = tracked.buffers[index];
    if (entry?.type === type) return entry;
  }
  return undefined;
}

/**
 * What the wrappers learn, kept out of the page's reach: which MediaSource has which blob: URL,
 * which SourceBuffers (by content type) and which media element. It listens (capture phase, so
 * before the page's own listeners on the element) to the element's playback events, to each
 * SourceBuffer's updateend and to the MediaSource's sourceclose, and tells the observer. It
 * reads the position only when asked (positionOf), through the captured natives. Listeners and
 * reads never throw into the page.
 */
export class MediaTracker implements PlayerView {
  private readonly urls = new WeakMap<object, string>();
  private readonly sources = new Map<object, TrackedSource>();
  private readonly watched = new WeakSet();
  private readonly removers: (() => void)[] = [];
  private isProtected = false;
  /** The page opened a WebRTC data channel (told once). */
  private peerToPeer = false;
  /** An element plays a worker's MediaSource (told once). */
  private fromWorker = false;
  private serial = 0;

  constructor(
    private readonly natives: MediaNatives,
    private readonly observer: MediaObserver,
    private readonly isActive: () => boolean,
  ) {}

  /**
   * Catches `encrypted` from any element in the document, attached to a MediaSource or not, an
   * element that starts playing, and one that plays a worker's MediaSource (media events do not
   * bubble, but reach the window's capture phase; not from an element in a shadow root).
   */
  start(): void {
    const win = this.natives.window;
    this.removers.push(
      this.on(win, "encrypted", () => {
        this.protect();
      }),
      this.on(win, "loadedmetadata", () => {
        this.checkWorkerPlayer();
      }),
      this.on(win, "playing", () => {
        // A worker's player first: the frame stands aside before anything is let out for it.
        this.checkWorkerPlayer();
        this.playing();
      }),
    );
  }

  /** From URL.createObjectURL: remembers a MediaSource's blob: URL. */
  objectUrl(value: unknown, url: unknown): void {
    if (!isObject(value) || typeof url !== "string") return;
    // The brand check: only a real MediaSource gets this far.
    call(this.natives, this.natives.sourceReadyState, value as MediaSource);
    this.urls.set(value, url);
  }

  /** From addSourceBuffer: a new SourceBuffer of `source` for `mime`. */
  sourceBuffer(source: unknown, buffer: unknown, mime: unknown): void {
    if (!isObject(source) || !isObject(buffer)) return;
    let tracked = this.sources.get(source);
    if (tracked === undefined) {
      const fresh: TrackedSource = {
        source,
        url: this.urls.get(source),
        element: undefined,
        buffers: [],
        serial: ++this.serial,
        removers: [],
      };
      fresh.removers.push(
        this.on(source, "sourceclose", () => {
          this.drop(fresh);
        }),
      );
      this.sources.set(source, fresh);
      tracked = fresh;
    }
    tracked.buffers.push({ buffer: buffer as SourceBuffer, type: contentTypeOf(mime) });
    tracked.removers.push(
      this.on(buffer, "updateend", () => {
        this.changed(false);
      }),
    );
    this.resolve(tracked);
    this.changed(false);
  }

  /** From setMediaKeys(keys) with keys: the page uses EME. */
  mediaKeysSet(): void {
    this.protect();
  }

  /** A media element of the frame started playing (told each time). */
  private playing(): void {
    if (!this.isActive()) return;
    try {
      this.observer.mediaPlaying();
    } catch {
      // Bookkeeping only, as for mediaProtected.
    }
  }

  /** A media element plays a MediaSourceHandle: the player fetches in a worker (told once). */
  private checkWorkerPlayer(): void {
    if (this.fromWorker || !this.isActive() || !playsFromWorker(this.natives)) return;
    this.fromWorker = true;
    try {
      this.observer.workerPlayer();
    } catch {
      // Bookkeeping only, as for mediaProtected.
    }
  }

  /** From createDataChannel: the page runs peer-to-peer of its own (told once). */
  dataChannelOpened(): void {
    if (this.peerToPeer || !this.isActive()) return;
    this.peerToPeer = true;
    try {
      this.observer.pagePeerToPeer();
    } catch {
      // Bookkeeping only, as for mediaProtected.
    }
  }

  positionOf(kind: BufferKind): PlayerPosition | undefined {
    try {
      if (this.isProtected || !this.isActive()) return undefined;
      const playing = this.playingSource();
      const element = playing?.element;
      if (playing === undefined || element === undefined) return undefined;
      const { natives } = this;
      if (hasMediaKeys(natives, element)) {
        this.protect();
        return undefined;
      }
      let ranges: TimeRanges;
      if (kind === "media") {
        ranges = call(natives, natives.mediaBuffered, element);
      } else {
        const entry = newestBuffer(playing, kind);
        if (entry === undefined) return undefined;
        // Throws for a SourceBuffer the page removed: no position then.
        ranges = call(natives, natives.sourceBufferBuffered, entry.buffer);
      }
      return {
        currentTime: call(natives, natives.currentTime, element),
        paused: call(natives, natives.paused, element),
        playbackRate: call(natives, natives.playbackRate, element),
        buffered: readRanges(natives, ranges),
      };
    } catch {
      return undefined;
    }
  }

  /** Removes every listener; the tracker is inert afterwards. */
  destroy(): void {
    for (const tracked of this.sources.values()) for (const remove of tracked.removers) remove();
    this.sources.clear();
    for (const remove of this.removers) remove();
    this.removers.length = 0;
  }

  /**
   * The newest attached MediaSource, if every attached one plays in one and the same known
   * element; undefined for none, for an element the hook cannot find, or for several elements.
   */
  private playingSource(): TrackedSource | undefined {
    let newest: TrackedSource | undefined;
    for (const tracked of this.sources.values()) {
      if (
        call(this.natives, this.natives.sourceReadyState, tracked.source as MediaSource) ===
        "closed"
      )
        continue;
      this.resolve(tracked);
      if (tracked.element === undefined) return undefined;
      if (newest !== undefined && newest.element !== tracked.element) return undefined;
      if (newest === undefined || tracked.serial > newest.serial) newest = tracked;
    }
    return newest;
  }

  private resolve(tracked: TrackedSource): void {
    if (tracked.element !== undefined) return;
    const element = findElement(this.natives, tracked.source, tracked.url);
    if (element === undefined) return;
    tracked.element = element;
    this.watch(element);
  }

  private watch(element: HTMLMediaElement): void {
    if (this.watched.has(element)) return;
    this.watched.add(element);
    for (const type of URGENT_EVENTS) {
      this.removers.push(
        this.on(element, type, () => {
          this.changed(true);
        }),
      );
    }
    for (const type of EVENTS) {
      this.removers.push(
        this.on(element, type, () => {
          this.changed(false);
        }),
      );
    }
    this.removers.push(
      this.on(element, "encrypted", () => {
        this.protect();
      }),
    );
    if (hasMediaKeys(this.natives, element)) this.protect();
  }

  private drop(tracked: TrackedSource): void {
    for (const remove of tracked.removers) remove();
    this.sources.delete(tracked.source);
    this.changed(false);
  }

  private changed(urgent: boolean): void {
    if (this.isProtected || !this.isActive()) return;
    try {
      this.observer.mediaChanged(this, urgent);
    } catch {
      // The observer's problem, never the page's.
    }
  }

  private protect(): void {
    if (this.isProtected || !this.isActive()) return;
    this.isProtected = true;
    try {
      this.observer.mediaProtected();
    } catch {
      // As above.
    }
  }

  /** A capture-phase listener that swallows its own errors; returns its remover. */
  private on(target: object, type: string, handler: () => void): () => void {
    const { natives } = this;
    const listener = () => {
      try {
        handler();
      } catch {
        // Listeners must never report errors to the page.
      }
    };
    call(natives, natives.addEventListener, target as EventTarget, type, listener, true);
    return () => {
      call(natives, natives.removeEventListener, target as EventTarget, type, listener, true);
    };
  }
}
