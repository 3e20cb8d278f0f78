import type { Clock, TimerHandle } from "../core/env.js";
import type { OfferReservation } from "../core/p2p/peer-budget.js";
import type {
  PeerConnection,
  SwarmEvents,
  SwarmJoinOptions,
  SwarmMembership,
  SwarmTransport,
} from "../core/transport/transport.js";
import type { SimHost, SimNetwork } from "./network.js";

export interface SimTrackerOptions {
  /** One-way latency between the tracker and a host's access network (ms). */
  latencyMs: number;
  /** The announce interval the tracker gives clients: bittorrent-tracker's WebSocket default is 2 min. */
  intervalMs: number;
  /** Offers per announce: bittorrent-tracker's WebSocket client sends at most 5, whatever numwant. */
  maxOffers: number;
  random: () => number;
}

interface Member {
  peerId: string;
  host: SimHost;
  events: SwarmEvents;
  options: SwarmJoinOptions;
  left: boolean;
  interval: TimerHandle | undefined;
}

/**
 * A WebTorrent tracker: swarm membership by info hash; each announce is answered with the swarm's
 * size, and its offers go to a random subset of the other members (up to the client's numwant and
 * the offer limit), each becoming a data channel. Members announce again on the interval, when
 * the core asks (reannounce) and when they leave; every announce is counted.
 */
export class SimTracker {
  announces = 0;
  /** How many announces got offers to how many peers: subset size -> count. */
  readonly subsetSizes = new Map<number, number>();
  private readonly swarms = new Map<string, Member[]>();

  constructor(
    private readonly clock: Clock,
    private readonly network: SimNetwork,
    private readonly options: SimTrackerOptions,
  ) {}

  /** The transport a viewer's loader is given: joins go through this tracker from `host`. */
  transport(host: SimHost): SwarmTransport {
    return {
      isSupported: () => true,
      join: (options, events) => this.join(host, options, events),
    };
  }

  /** Members of a swarm the tracker knows now. */
  size(infoHash: string): number {
    return this.swarms.get(infoHash)?.length ?? 0;
  }

  private join(host: SimHost, options: SwarmJoinOptions, events: SwarmEvents): SwarmMembership {
    const member: Member = {
      peerId: options.peerId,
      host,
      events,
      options,
      left: false,
      interval: undefined,
    };
    // Asked at each announce, as bittorrent-tracker's client asks getAnnounceOpts().
    const takeOffers = () =>
      options.takeOffers(Math.min(options.peersPerAnnounce, this.options.maxOffers));
    const oneWay = () => host.latencyMs + this.options.latencyMs;
    const announce = (event: "started" | "update" | "stopped") => {
      this.announces++;
      // The client makes its offers before it sends the announce (none with "stopped").
      const offers = event === "stopped" ? undefined : takeOffers();
      this.clock.setTimeout(() => {
        const members = this.members(options.infoHash);
        if (event === "stopped") {
          const at = members.indexOf(member);
          if (at >= 0) members.splice(at, 1);
          return;
        }
        if (member.left || !offers) return;
        if (event === "started") members.push(member);
        const delivered = this.offer(member, members, offers);
        const size = members.length;
        this.clock.setTimeout(() => {
          // Offers the tracker had nobody to send to go back with its answer.
          offers.trim(delivered);
          if (!member.left) events.onTrackerUpdate({ complete: 0, incomplete: size });
        }, oneWay());
      }, oneWay());
    };
    announce("started");
    const periodic = () => {
      member.interval = this.clock.setTimeout(() => {
        if (member.left) return;
        announce("update");
        periodic();
      }, this.options.intervalMs);
    };
    periodic();
    return {
      reannounce: () => {
        if (!member.left) announce("update");
      },
      leave: () => {
        if (member.left) return;
        member.left = true;
        this.clock.clearTimeout(member.interval);
        announce("stopped");
      },
    };
  }

  private members(infoHash: string): Member[] {
    let members = this.swarms.get(infoHash);
    if (!members) {
      members = [];
      this.swarms.set(infoHash, members);
    }
    return members;
  }

  /**
   * Sends the announcer's offers to up to `offers.count` other members, picked at random; returns
   * how many were sent. An answerer with no pending room never answers: that offer is held until
   * it expires (OFFER_TIMEOUT_MS), as bittorrent-tracker's client holds it.
   */
  private offer(from: Member, members: Member[], offers: OfferReservation): number {
    const others = members.length - 1;
    const picked = new Set<Member>();
    const wanted = Math.min(offers.count, others);
    while (picked.size < wanted) {
      const candidate = members[Math.floor(this.options.random() * members.length)];
      if (candidate && candidate !== from) picked.add(candidate);
    }
    this.subsetSizes.set(wanted, (this.subsetSizes.get(wanted) ?? 0) + 1);
    const tracker = this.options.latencyMs;
    for (const to of picked) {
      const answered = to.options.takePending();
      if (!answered) continue;
      const offered = offers.claim();
      const settle = () => {
        answered();
        offered?.();
      };
      // The offer travels tracker -> answerer, the answer answerer -> tracker -> offerer.
      const signalMs = 3 * tracker + 2 * to.host.latencyMs + from.host.latencyMs;
      this.network.connect(
        {
          host: from.host,
          peerId: from.peerId,
          accept: (c) => {
            this.accept(from, c);
          },
        },
        {
          host: to.host,
          peerId: to.peerId,
          accept: (c) => {
            this.accept(to, c);
          },
        },
        signalMs,
        settle,
      );
    }
    return wanted;
  }

  private accept(member: Member, connection: PeerConnection): void {
    if (member.left) connection.close();
    else member.events.onConnection(connection);
  }
}
