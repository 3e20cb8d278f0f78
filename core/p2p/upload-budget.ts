/**
 * What we serve to peers, for a whole engine: one budget shared by every peer session of every
 * loader it is injected into (LoaderEnvironment.uploads). Each session already keeps a peer to
 * MAX_INCOMING_REQUESTS; this bounds the sum over all peers, and paces the bytes when the viewer
 * caps the upload bandwidth (p2pMaxUploadSpeed), on the injected clock.
 */
import type { Clock } from "../env.js";
import type { Release } from "./peer-budget.js";

/**
 * 32 requests served at once. An honest peer has one request open with us at a time (the
 * scheduler asks each peer for one segment at a time), so a player's two swarms at p2pMaxPeers
 * (40 peers) reach it only if nearly all ask at once; the refused ones are answered "absent" and
 * go to another holder. Each upload holds a copy of its segment read from the cache, so without
 * it 64 peers × 16 requests could hold a thousand.
 */
export const DEFAULT_CONCURRENT_UPLOADS = 32;

/** The bucket holds at most this long's worth of bytes: a burst after idling stays short. */
export const UPLOAD_BURST_MS = 1000;

export class UploadBudget {
  private active = 0;
  private paused = false;
  /** Told when the pause changes (each swarm withdraws or restores its map). */
  private readonly pauseListeners = new Set<(paused: boolean) => void>();
  private bytesPerSecond = 0;
  /** Bytes that may be sent now; below 0 after a message larger than what was left. */
  private tokens = 0;
  private refilledAt: number;

  constructor(
    readonly concurrent: number,
    bytesPerSecond: number,
    private readonly clock: Clock,
  ) {
    this.refilledAt = clock.now();
    this.setRate(bytesPerSecond);
  }

  /** Requests being served now. */
  get uploads(): number {
    return this.active;
  }

  get rate(): number {
    return this.bytesPerSecond;
  }

  /** Caps the upload at `bytesPerSecond` (0: unlimited); the bucket starts full. */
  setRate(bytesPerSecond: number): void {
    this.bytesPerSecond = Math.max(0, bytesPerSecond);
    this.tokens = this.capacity();
    this.refilledAt = this.clock.now();
  }

  /** Whether new uploads are refused (e.g. on a connection the viewer pays for by the byte). */
  get isPaused(): boolean {
    return this.paused;
  }

  /** While paused every request is refused (answered "absent"); uploads under way finish. */
  setPaused(paused: boolean): void {
    if (paused === this.paused) return;
    this.paused = paused;
    for (const listener of [...this.pauseListeners]) listener(paused);
  }

  /** Calls `listener` on every change of the pause; returns the unsubscribe. */
  onPauseChange(listener: (paused: boolean) => void): () => void {
    this.pauseListeners.add(listener);
    return () => {
      this.pauseListeners.delete(listener);
    };
  }

  /** A slot to serve one request, or undefined: answer it "absent" now. */
  tryStart(): Release | undefined {
    if (this.paused || this.active >= this.concurrent) return undefined;
    this.active++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.active--;
    };
  }

  /**
   * Asks to send a message of `bytes`: 0 means send it now (the bytes are taken), else the ms to
   * wait before asking again. A message may take the bucket below zero (a cap under one message a
   * second must still send whole messages); the next waits until it has paid that back, so the
   * average stays at the cap.
   */
  take(bytes: number): number {
    if (this.bytesPerSecond === 0) return 0;
    const now = this.clock.now();
    this.tokens = Math.min(
      this.capacity(),
      this.tokens + ((now - this.refilledAt) * this.bytesPerSecond) / 1000,
    );
    this.refilledAt = now;
    if (this.tokens < 0) return Math.ceil((-this.tokens * 1000) / this.bytesPerSecond);
    this.tokens -= bytes;
    return 0;
  }

  private capacity(): number {
    return (this.bytesPerSecond * UPLOAD_BURST_MS) / 1000;
  }
}
