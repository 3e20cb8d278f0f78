import Server from "bittorrent-tracker/server";

export interface LocalTracker {
  /** ws:// URL to announce to. */
  url: string;
  /** Peer ids (hex) that announced, in order of first announce. */
  announcedPeerIds(): string[];
  close(): Promise<void>;
}

/** A real WebTorrent tracker (bittorrent-tracker's server) on 127.0.0.1, on a free port. */
export async function startTracker(host = "127.0.0.1"): Promise<LocalTracker> {
  const server = new Server({ udp: false, http: false, ws: true, stats: false });
  const peers = new Set<string>();
  server.on("start", (peerId: string) => peers.add(peerId));
  server.on("warning", () => undefined);
  server.on("error", () => undefined);
  await new Promise<void>((resolve) => {
    server.listen(0, host, resolve);
  });
  const port = server.ws?.address().port;
  if (port === undefined) throw new Error("tracker did not listen");
  return {
    url: `ws://${host}:${String(port)}`,
    announcedPeerIds: () => [...peers],
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}
