import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { AnchorPage } from "../../../harness/p2pml";

/**
 * Serves the P2P Media Loader anchor page and its bundle on 127.0.0.1, so the page is in the
 * loopback address space like the tracker. (A page Playwright fulfils itself has no address,
 * counts as public, and Chromium's Local Network Access checks then block its WebSocket to the
 * loopback tracker.) The page is `${url}p2pml.html`.
 */
export async function serveAnchorPage(page: AnchorPage): Promise<{ url: string; server: Server }> {
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
