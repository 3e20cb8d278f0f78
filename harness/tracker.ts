import { createServer } from "node:net";
import Server from "bittorrent-tracker/server";

export interface LocalTracker {
  /** ws:// URL to announce to. */
  url: string;
  /** Peer ids (hex) that announced, in order of first announce. */
  announcedPeerIds(): string[];
  /** Announces received (start and update), by peer id (hex). */
  announces(peerId: string): number;
  /**
   * Stops listening and cuts every connected viewer off (as a crashed or restarted tracker
   * would): the ws server alone would let open sockets live on.
   */
  close(): Promise<void>;
}

/**
 * A real WebTorrent tracker (bittorrent-tracker's server) on `host`, on a free port or on `port`
 * (a tracker brought back at the address its viewers already announce to).
 */
export async function startTracker(host = "127.0.0.1", port = 0): Promise<LocalTracker> {
  // Client tracking, so that close() can cut the viewers' sockets.
  const server = new Server({
    udp: false,
    http: false,
    ws: { clientTracking: true },
    stats: false,
  });
  const peers = new Set<string>();
  const counts = new Map<string, number>();
  const count = (peerId: string) => {
    peers.add(peerId);
    counts.set(peerId, (counts.get(peerId) ?? 0) + 1);
  };
  server.on("start", count);
  server.on("update", count);
  server.on("warning", () => undefined);
  server.on("error", () => undefined);
  await new Promise<void>((resolve) => {
    server.listen(port, host, resolve);
  });
  const listening = server.ws?.address().port;
  if (listening === undefined) throw new Error("tracker did not listen");
  return {
    url: `ws://${host}:${String(listening)}`,
    announcedPeerIds: () => [...peers],
    announces: (peerId) => counts.get(peerId) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        for (const client of server.ws?.clients ?? []) client.terminate();
        server.http?.closeAllConnections();
      }),
  };
}

/** A port on `host` that nothing listens on now (for a tracker that starts later). */
export async function freePort(host = "127.0.0.1"): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => {
    probe.listen(0, host, resolve);
  });
  const address = probe.address();
  await new Promise<void>((resolve) => {
    probe.close(() => {
      resolve();
    });
  });
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}
