import { describe, expect, it } from "vitest";
import { IDLE_MS, PROBATION_MS, peerToReplace, type PeerUse } from "./peer-cap.js";

interface Peer extends PeerUse {
  name: string;
}

const NOW = 1_000_000;

function peer(
  name: string,
  overrides: Partial<Omit<Peer, "remoteEntries">> & { holds?: string[] } = {},
): Peer {
  const { holds = [], ...rest } = overrides;
  return {
    name,
    isReady: true,
    connectedAt: NOW - PROBATION_MS - 1,
    lastExchangeAt: NOW - 1000,
    activeDownloads: 0,
    activeUploads: 0,
    remoteEntries: () => holds.map((id): [string, unknown] => [id, 1]),
    ...rest,
  };
}

const wants = (id: string) => id.startsWith("want");
const pick = (peers: Peer[]) => peerToReplace(peers, NOW, wants)?.name;

describe("peerToReplace", () => {
  it("drops a peer that holds nothing we want before one that is merely idle", () => {
    const idle = peer("idle", { holds: ["want1"], lastExchangeAt: NOW - IDLE_MS - 5000 });
    const useless = peer("useless", { holds: ["old1"], lastExchangeAt: NOW - 10 });
    expect(pick([idle, useless])).toBe("useless");
  });

  it("among useful peers, drops only the one idle past IDLE_MS, the longest idle first", () => {
    const busyRecently = peer("recent", { holds: ["want1"], lastExchangeAt: NOW - 10 });
    const idle = peer("idle", { holds: ["want1"], lastExchangeAt: NOW - IDLE_MS - 1 });
    const idler = peer("idler", { holds: ["want2"], lastExchangeAt: NOW - IDLE_MS - 9000 });
    expect(pick([busyRecently, idle, idler])).toBe("idler");
    expect(pick([busyRecently])).toBeUndefined();
  });

  it("never drops a peer in a transfer, on probation or still in handshake: the newcomer is refused", () => {
    expect(pick([peer("down", { activeDownloads: 1 })])).toBeUndefined();
    expect(pick([peer("up", { activeUploads: 1 })])).toBeUndefined();
    expect(pick([peer("new", { connectedAt: NOW - PROBATION_MS + 1 })])).toBeUndefined();
    expect(pick([peer("handshake", { isReady: false })])).toBeUndefined();
    expect(pick([])).toBeUndefined();
  });
});
