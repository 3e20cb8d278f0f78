/**
 * A token bucket per frame for the relay's messages. A page can send runtime messages as fast as
 * it likes; each costs the service worker a schema check and the engine a re-plan. The hook sends
 * a few a second while playing (a queue update per matched request, position updates at most
 * every 500 ms per swarm, a get and maybe a put per segment), so the bucket is far above that
 * and only a flood hits it. Refused messages get a `rate-limited` refusal; the hook falls back to
 * the network as for any refusal.
 */

/** Messages a frame may send in a burst. */
export const FRAME_BURST = 60;
/** Messages a second a frame may keep sending. */
export const FRAME_RATE_PER_SECOND = 30;
/** Frames tracked at once; the least recently seen is forgotten first (it starts full again). */
const MAX_FRAMES = 1000;

export class FrameRateLimit {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly burst = FRAME_BURST,
    private readonly perSecond = FRAME_RATE_PER_SECOND,
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
