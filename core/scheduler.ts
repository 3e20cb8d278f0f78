import type { Settings } from "./settings.js";

/**
 * The download decisions, as pure functions of a snapshot of the loader's state, so they can be
 * tested under a fake clock and reused by a simulator.
 */

export interface QueueItem {
  id: string;
  priority: number;
}

export interface ActiveView {
  method: "http" | "p2p";
  /** Started by the random HTTP roll rather than because it was needed. */
  random: boolean;
  /** Clock time of the last bytes (or of the start, before any). */
  lastProgressAt: number;
  /** Every byte is in; being validated and stored. Nothing left to abort for slowness. */
  validating?: boolean;
}

export interface PeersView {
  /** Ready peers connected now. */
  connected: number;
  /** Other peers the tracker says are in the swarm (connected or not yet). */
  known: number;
  /** Nobody to share with: P2P is off, or the tracker answered that we are alone. */
  alone: boolean;
  /**
   * Just joined (within p2pJoinGracePeriod) and the tracker reports peers not connected yet:
   * segments not needed next wait for them a little instead of going to HTTP.
   */
  joining: boolean;
  /** The best peer to ask for the segment, excluding those given. */
  pickPeer(id: string, exclude: ReadonlySet<string>): string | undefined;
  /** Some connected peer holds or is loading the segment. */
  isAvailable(id: string): boolean;
}

export interface SchedulerState {
  now: number;
  settings: Settings;
  /** Sorted by priority, most urgent first. */
  queue: readonly QueueItem[];
  isHeld(id: string): boolean;
  active: ReadonlyMap<string, ActiveView>;
  /** Clock time of the last failed HTTP attempt per segment. */
  httpFailedAt: ReadonlyMap<string, number>;
  /** Peers that already failed a segment. */
  excludedPeers(id: string): ReadonlySet<string>;
  /** P2P is on and a swarm is joined. */
  p2pEnabled: boolean;
  /** httpDownloadInitialTimeout mode: needed segments wait for peers instead of HTTP. */
  initialP2POnly: boolean;
  peersView: PeersView;
}

export type Action =
  | { kind: "http"; id: string; random: boolean }
  | { kind: "p2p"; id: string; peerId: string; urgent: boolean }
  /** Stop a download (keeping its bytes for a resume) so the segment can be fetched otherwise. */
  | { kind: "abort"; id: string; reason: "p2p-too-slow" | "make-room" };

/** Downloads using `method` now (one whose bytes are all in no longer takes a slot). */
const count = (active: ReadonlyMap<string, ActiveView>, method: "http" | "p2p") =>
  [...active.values()].filter((view) => view.method === method && view.validating !== true).length;

const httpRecentlyFailed = (state: SchedulerState, id: string) => {
  const failedAt = state.httpFailedAt.get(id);
  return failedAt !== undefined && state.now - failedAt < state.settings.httpFailedSegmentTimeout;
};

/** A segment at `priority` may come from peers at all. */
const canUseP2P = (state: SchedulerState, priority: number) =>
  state.p2pEnabled && priority <= state.settings.p2pDownloadMaxPriority;

/** What to start or stop now for the queue, in order of urgency. */
export function planDownloads(state: SchedulerState): Action[] {
  const { settings } = state;
  const actions: Action[] = [];
  let httpActive = count(state.active, "http");
  let p2pActive = count(state.active, "p2p");
  const claimedPeers = new Set<string>();

  for (const { id, priority } of state.queue) {
    const urgent = priority <= settings.requiredSegmentsPriority;
    const view = state.active.get(id);
    if (view) {
      // A needed-now segment whose peer went quiet moves on (to another peer or HTTP).
      if (
        urgent &&
        view.method === "p2p" &&
        view.validating !== true &&
        state.now - view.lastProgressAt > settings.p2pRequiredSegmentTimeout
      ) {
        actions.push({ kind: "abort", id, reason: "p2p-too-slow" });
        p2pActive--;
      }
      continue;
    }
    if (state.isHeld(id)) continue;

    const canP2P = canUseP2P(state, priority) && p2pActive < settings.simultaneousP2PDownloads;
    const exclude = new Set([...state.excludedPeers(id), ...claimedPeers]);
    const peerId = canP2P ? state.peersView.pickPeer(id, exclude) : undefined;
    if (peerId !== undefined) {
      actions.push({ kind: "p2p", id, peerId, urgent });
      claimedPeers.add(peerId);
      p2pActive++;
      continue;
    }
    if (!urgent || state.initialP2POnly) continue;
    if (priority > 0 && state.peersView.joining) continue;
    // Needed soon but not next, and a connected peer that has not failed it holds it or is
    // loading it: it waits for a P2P slot (or for that peer) instead of taking HTTP. A player
    // that buffers far ahead asks for many segments at once, each at priority 1; the ones beyond
    // the P2P slots went to HTTP.
    if (
      priority > 0 &&
      canUseP2P(state, priority) &&
      state.peersView.pickPeer(id, state.excludedPeers(id)) !== undefined
    ) {
      continue;
    }
    if (httpRecentlyFailed(state, id) || priority > settings.httpDownloadMaxPriority) continue;
    if (httpActive < settings.simultaneousHttpDownloads) {
      actions.push({ kind: "http", id, random: false });
      httpActive++;
      continue;
    }
    if (priority === 0) {
      // The segment the player needs next takes the slot of a speculative download.
      const victim = [...state.active].find(
        ([, other]) => other.method === "http" && other.random && other.validating !== true,
      );
      if (victim) {
        actions.push({ kind: "abort", id: victim[0], reason: "make-room" });
        actions.push({ kind: "http", id, random: false });
      }
    }
  }
  return actions;
}

/**
 * The periodic random HTTP fetch that seeds the swarm. Each peer rolls with a probability scaled
 * down by the size of the swarm, so the swarm as a whole fetches each new segment about once.
 * A peer that is alone fetches the most urgent pending segment at every check.
 */
export function planRandomHttp(state: SchedulerState, random: () => number): Action | undefined {
  const { settings } = state;
  const swarmSize = Math.max(state.peersView.connected, state.peersView.known);
  // The httpDownloadInitialTimeout window is for peers only (as in p2p-media-loader 0.6).
  if (state.initialP2POnly) return undefined;
  if (settings.httpDownloadProbabilitySkipIfNoPeers && state.peersView.connected === 0) {
    return undefined;
  }
  if (count(state.active, "http") >= settings.simultaneousHttpDownloads) return undefined;
  const pending = state.queue.filter(
    ({ id, priority }) =>
      priority <= settings.httpDownloadMaxPriority &&
      !state.isHeld(id) &&
      !state.active.has(id) &&
      !httpRecentlyFailed(state, id) &&
      !state.peersView.isAvailable(id),
  );
  const first = pending[0];
  if (!first) return undefined;
  // Alone, there is nobody to wait for: prefetch like a plain player would.
  const probability = state.peersView.alone
    ? 1
    : (settings.httpDownloadProbability * pending.length) / (swarmSize + 1);
  if (random() >= probability) return undefined;
  return { kind: "http", id: first.id, random: true };
}
