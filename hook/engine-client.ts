import type { StandAsideReason } from "../messaging/frame-note";
import type { SegmentDescriptor } from "../messaging/segment-descriptor";
import {
  ENVELOPE_TAG,
  isRelayReply,
  isRelayState,
  type HookMessage,
  type HookReply,
  type RelayRequest,
} from "./relay-envelope";
import { PendingReplies } from "../messaging/pending-replies";

/** The page hook's view of the engine, through the relay. Nothing here ever throws or rejects. */
export interface EngineClient {
  /**
   * The engine is wanted: a stream was found on the page (get it ready before the first segment
   * request), or the player is playing (keep it awake, page-source.ts KEEP_AWAKE_MS).
   */
  warmUp(): void;
  /**
   * The engine can answer at once (it is running and its fast path is up). Until it is, a
   * segment the player needs next goes straight to the network.
   */
  readonly ready: boolean;
  load(swarmId: string, segments: SegmentDescriptor[]): void;
  /** The segment's bytes, or undefined (a miss, an error, or `signal` aborted first). */
  getSegment(
    swarmId: string,
    segmentId: string,
    waitMs: number,
    signal: AbortSignal,
  ): Promise<ArrayBuffer | undefined>;
  putSegment(segment: {
    swarmId: string;
    segmentId: string;
    url: string;
    range: string | undefined;
    bytes: ArrayBuffer;
  }): void;
  stop(): void;
  /** The hook leaves this frame alone (`reason` for the popup); the engine releases it. */
  standAside(reason: StandAsideReason): void;
}

/**
 * An EngineClient over window.postMessage to the relay content script. Replies are matched by
 * id; a request whose reply never comes is settled by its AbortSignal (or dropped for
 * fire-and-forget messages), so a dead relay or engine costs at most the deadline.
 */
export class RelayEngineClient implements EngineClient {
  private readonly replies = new PendingReplies<HookReply | undefined>();
  ready = false;
  private readonly onMessage = (event: MessageEvent) => {
    if (event.source !== this.target) return;
    if (isRelayState(event.data)) {
      this.ready = event.data.engineReady;
      return;
    }
    if (!isRelayReply(event.data)) return;
    this.replies.settle(event.data.id, event.data.reply);
  };

  constructor(private readonly target: Window) {
    target.addEventListener("message", this.onMessage);
  }

  warmUp(): void {
    this.post({ type: "relay/warm-up" });
  }

  load(swarmId: string, segments: SegmentDescriptor[]): void {
    this.post({ type: "relay/load", swarmId, segments });
  }

  async getSegment(
    swarmId: string,
    segmentId: string,
    waitMs: number,
    signal: AbortSignal,
  ): Promise<ArrayBuffer | undefined> {
    const reply = await this.ask({ type: "relay/get-segment", swarmId, segmentId, waitMs }, signal);
    // The relay transfers the bytes as an ArrayBuffer (from the fast path or decoded from base64);
    // anything else (a reply forged by page script) is a miss.
    return reply?.ok === true && reply.type === "segment" && reply.bytes instanceof ArrayBuffer
      ? reply.bytes
      : undefined;
  }

  putSegment(segment: {
    swarmId: string;
    segmentId: string;
    url: string;
    range: string | undefined;
    bytes: ArrayBuffer;
  }): void {
    const { range, ...rest } = segment;
    this.post({ type: "relay/put-segment", ...rest, ...(range ? { range } : {}) }, [segment.bytes]);
  }

  standAside(reason: StandAsideReason): void {
    this.post({ type: "relay/stand-aside", reason });
  }

  stop(): void {
    this.post({ type: "relay/stop" });
    this.target.removeEventListener("message", this.onMessage);
    this.replies.settleAll(undefined);
  }

  /** Posts a message that wants no reply (its id matches nothing). */
  private post(message: HookMessage, transfer: Transferable[] = []): void {
    this.postAs(this.replies.unanswered(), message, transfer);
  }

  private postAs(id: number, message: HookMessage, transfer: Transferable[] = []): void {
    const request: RelayRequest = { tag: ENVELOPE_TAG, direction: "to-relay", id, message };
    this.target.postMessage(request, { targetOrigin: "*", transfer });
  }

  /** Posts `message` and waits for its reply, or until `signal` aborts (undefined). */
  private async ask(message: HookMessage, signal: AbortSignal): Promise<HookReply | undefined> {
    if (signal.aborted) return undefined;
    const { id, reply } = this.replies.open();
    const onAbort = () => this.replies.settle(id, undefined);
    signal.addEventListener("abort", onAbort, { once: true });
    this.postAs(id, message);
    const answer = await reply;
    signal.removeEventListener("abort", onAbort);
    return answer;
  }
}
