/* The subset of bittorrent-tracker's client and server that this project uses (it ships no types). */
declare module "bittorrent-tracker" {
  import type { EventEmitter } from "node:events";

  export interface ClientOptions {
    infoHash: string;
    peerId: string;
    announce: string[];
    port?: number;
    rtcConfig?: RTCConfiguration;
    getAnnounceOpts?: () => Record<string, unknown>;
  }

  export default class Client extends EventEmitter {
    constructor(options: ClientOptions);
    start(): void;
    stop(): void;
    update(): void;
    destroy(callback?: () => void): void;
  }
}

declare module "bittorrent-tracker/server" {
  import type { EventEmitter } from "node:events";
  import type { Server as HttpServer } from "node:http";

  export interface ServerOptions {
    udp?: boolean;
    http?: boolean;
    /** true, or options for its ws WebSocketServer. */
    ws?: boolean | { clientTracking?: boolean };
    stats?: boolean;
    trustProxy?: boolean;
    filter?: (infoHash: string, params: unknown, callback: (error: Error | null) => void) => void;
  }

  export default class Server extends EventEmitter {
    constructor(options?: ServerOptions);
    ws: { address(): { port: number }; clients?: Set<{ terminate(): void }> } | undefined;
    http: HttpServer | undefined;
    listen(port: number, hostname: string, onListening?: () => void): void;
    close(callback?: () => void): void;
    torrents: Record<string, { peers: { length: number } } | undefined>;
  }
}
