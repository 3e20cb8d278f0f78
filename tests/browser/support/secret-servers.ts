/**
 * What a hostile page would like to read through the engine (the fetch-proxy tests, Chromium and
 * Firefox): a loopback service that allows no other origin to read it, and a CORS-open redirector
 * to it. The service records the Origin header of every request it gets, so a test can tell who
 * fetched (a page's fetch of another origin sends the page's origin).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export const SECRET = "SECRET-intranet-body";

export interface SecretServers {
  secret: string;
  redirect: string;
  /** The Origin header of each request to the secret service ("" when there was none). */
  origins: string[];
  close(): void;
}

export async function startSecretServers(): Promise<SecretServers> {
  const listen = (server: Server) =>
    new Promise<string>((resolve) => {
      server.listen(0, "127.0.0.1", () => {
        resolve(`http://127.0.0.1:${String((server.address() as AddressInfo).port)}`);
      });
    });
  const origins: string[] = [];
  const secretServer = createServer((request, response) => {
    origins.push(request.headers.origin ?? "");
    response.writeHead(200, { "Content-Type": "application/octet-stream" }).end(SECRET);
  });
  const secretBase = await listen(secretServer);
  const redirectServer = createServer((_request, response) => {
    response
      .writeHead(302, {
        Location: `${secretBase}/secret.ts`,
        "Access-Control-Allow-Origin": "*",
      })
      .end();
  });
  const redirectBase = await listen(redirectServer);
  return {
    secret: `${secretBase}/secret.ts`,
    redirect: `${redirectBase}/seg.ts`,
    origins,
    close: () => {
      secretServer.close();
      redirectServer.close();
    },
  };
}
