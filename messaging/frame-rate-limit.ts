/**
 * A token bucket per frame for the relay's messages (FRAME_MESSAGES). A page can send runtime
 * messages as fast as it likes; each costs the service worker a schema check and the engine a
 * re-plan. Refused messages get a `rate-limited` refusal; the hook falls back to the network as
 * for any refusal.
 */
import { FRAME_MESSAGES } from "./engine-limits";

/** Frames tracked at once; the least recently seen is forgotten first (it starts full again). */
const MAX_FRAMES = 1000;

export class FrameRateLimit {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly burst: number = FRAME_MESSAGES.burst,
    private readonly perSecond: number = FRAME_MESSAGES.perSecond,
  ) {}

  /** Takes one token of `frame`'s bucket; false when it is empty. */
  take(frame: string): boolean {
    const now = this.now();
    const known = this.buckets.get(frame);
    this.buckets.delete(frame);
    const refilled = known
      ? Math.min(this.burst, known.tokens + ((now - known.at) / 1000) * this.perSecond)
      : this.burst;
    const bucket = { tokens: refilled, at: now };
    this.buckets.set(frame, bucket);
    if (this.buckets.size > MAX_FRAMES) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Forgets a frame (it stopped). */
  forget(frame: string): void {
    this.buckets.delete(frame);
  }
}
