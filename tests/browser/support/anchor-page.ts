import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startOrigin, type OriginServer } from "../../../harness/origin-server";
import { p2pmlPage, type AnchorPage } from "../../../harness/p2pml";
import { makeHlsVod, type HlsStream } from "../../../harness/streams";
import { startTracker, type LocalTracker } from "../../../harness/tracker";

/**
 * Serves the P2P Media Loader anchor page and its bundle on 127.0.0.1, so the page is in the
 * loopback address space like the tracker. (A page Playwright fulfils itself has no address,
 * counts as public, and Chromium's Local Network Access checks then block its WebSocket to the
 * loopback tracker.) The page is `${url}p2pml.html`.
 */
async function serveAnchorPage(page: AnchorPage): Promise<{ url: string; server: Server }> {
  const files: Record<string, { type: string; body: string }> = {
    "/p2pml.html": { type: "text/html", body: page.html },
    "/p2pml.js": { type: "text/javascript", body: page.js },
  };
  const server = createServer((request, response) => {
    const file = files[new URL(request.url ?? "/", "http://x").pathname];
    if (file === undefined) response.writeHead(404).end();
    else response.writeHead(200, { "Content-Type": file.type }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${String(port)}/`, server };
}

/** What a test of the anchor page plays against: a 20 s VOD, its origin, a tracker, the page. */
export interface AnchorSetup {
  stream: HlsStream;
  origin: OriginServer;
  tracker: LocalTracker;
  /** The anchor page: `${pageBase}p2pml.html`. */
  pageBase: string;
  close(): Promise<void>;
}

export async function startAnchorSetup(): Promise<AnchorSetup> {
  const stream = await makeHlsVod({
    seconds: 20,
    segmentSeconds: 2,
    bitrate: "1200k",
    size: "854x480",
  });
  const [origin, tracker, page] = await Promise.all([
    startOrigin(stream.dir),
    startTracker(),
    p2pmlPage().then(serveAnchorPage),
  ]);
  return {
    stream,
    origin,
    tracker,
    pageBase: page.url,
    close: async () => {
      page.server.close();
      await Promise.all([origin.close(), tracker.close()]);
    },
  };
}
