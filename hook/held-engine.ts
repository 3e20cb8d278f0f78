import type { StandAsideReason } from "../messaging/frame-note";
import type { SegmentDescriptor } from "../messaging/segment-descriptor";
import type { EngineClient } from "./engine-client";

/**
 * The engine, held back until the player shows its first frame (page-source.ts releases it).
 * Starting the engine costs 100-150 ms of work right when it starts (the fast path's bridge
 * frame in the page's renderer, the engine's own start and first peer connections on the same
 * cores); Shaka asks for its third segment ahead of time just before its first frame, and that
 * work, started then, made its first frame 12-19 % later than without the extension
 * (`npm run bench -- --scenarios vod-4-shaka --arms none,extension`).
 *
 * While held, the engine hears nothing: every message waits and goes out in order on release();
 * a segment request waits too, within its own wait (`waitMs` counts from the request, and the
 * caller's signal ends it), so a hold that outlasts it is a miss like any other. Once this
 * frame's fast path is up (`ready`: opened by something sent before) nothing is held, as there
 * is no start left to delay. stop() and standAside() go out at once and drop what is held, a
 * request released in the same moment included (the engine never hears of a frame it will not
 * serve).
 */
export class HeldEngine implements EngineClient {
  /** Messages waiting for release(), in order; undefined once released or dropped. */
  private held: (() => void)[] | undefined = [];
  /** Segment requests waiting for release(): told true on release, false when dropped. */
  private readonly waiting = new Set<(released: boolean) => void>();
  /** stop() or standAside() came: nothing more goes out for this frame but those. */
  private dropped = false;

  constructor(
    private readonly inner: EngineClient,
    private readonly now: () => number,
  ) {}

  /** An engine that is up already (its fast path open) costs nothing more to use: no hold. */
  get ready(): boolean {
    return this.inner.ready;
  }

  /** Not released yet: what is said to the engine waits. */
  get holding(): boolean {
    return this.held !== undefined;
  }

  /** Lets everything held go out, in order; from now on calls pass straight through. */
  release(): void {
    const held = this.held;
    if (held === undefined) return;
    this.held = undefined;
    for (const send of held) send();
    this.settle(true);
  }

  warmUp(): void {
    this.pass(() => {
      this.inner.warmUp();
    });
  }

  load(swarmId: string, segments: SegmentDescriptor[]): void {
    this.pass(() => {
      this.inner.load(swarmId, segments);
    });
  }

  putSegment(segment: Parameters<EngineClient["putSegment"]>[0]): void {
    this.pass(() => {
      this.inner.putSegment(segment);
    });
  }

  getSegment(
    swarmId: string,
    segmentId: string,
    waitMs: number,
    signal: AbortSignal,
  ): Promise<ArrayBuffer | undefined> {
    if (this.dropped) return Promise.resolve(undefined);
    if (this.loose()) return this.inner.getSegment(swarmId, segmentId, waitMs, signal);
    const askedAt = this.now();
    return this.released(signal).then((released) =>
      released && !this.dropped
        ? this.inner.getSegment(
            swarmId,
            segmentId,
            Math.max(0, waitMs - (this.now() - askedAt)),
            signal,
          )
        : undefined,
    );
  }

  standAside(reason: StandAsideReason): void {
    this.drop();
    this.inner.standAside(reason);
  }

  stop(): void {
    this.drop();
    this.inner.stop();
  }

  /** Nothing held goes out: messages are dropped, waiting requests miss. */
  private drop(): void {
    this.dropped = true;
    this.held = undefined;
    this.settle(false);
  }

  private settle(released: boolean): void {
    const waiting = [...this.waiting];
    this.waiting.clear();
    for (const tell of waiting) tell(released);
  }

  private pass(send: () => void): void {
    if (this.dropped) return;
    if (this.loose()) send();
    else this.held?.push(send);
  }

  /** True when calls go straight through: released, or the engine is up already. */
  private loose(): boolean {
    if (this.held !== undefined && this.inner.ready) this.release();
    return this.held === undefined;
  }

  /** True once released; false if `signal` aborts first or the hold is dropped. */
  private released(signal: AbortSignal): Promise<boolean> {
    if (this.held === undefined) return Promise.resolve(true);
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const tell = (released: boolean) => {
        this.waiting.delete(tell);
        signal.removeEventListener("abort", onAbort);
        resolve(released && !signal.aborted);
      };
      const onAbort = () => {
        tell(false);
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.waiting.add(tell);
    });
  }
}
