/**
 * What an extension e2e test streams: an ffmpeg HLS VOD served by the local origin (which counts
 * bytes), a local WebTorrent tracker, and the load() queue a page relay would send for it.
 */
import { BLANK_PAGE_PATH } from "../../../harness/browser/page-frame";
import { startOrigin, type OriginServer } from "../../../harness/origin-server";
import { makeHlsVod, type HlsStream } from "../../../harness/streams";
import { startTracker, type LocalTracker } from "../../../harness/tracker";
import type { SegmentDescriptor } from "../../../messaging/segment-descriptor";
import type { StoredSettings } from "../../../messaging/stored-settings";

export interface StreamFixture {
  stream: HlsStream;
  origin: OriginServer;
  tracker: LocalTracker;
  /** The site the test pretends the player page is on (the origin's own origin). */
  site: string;
  /** The whole stream as a load() queue, priority = position. */
  queue: SegmentDescriptor[];
  /** Settings for a local, offline swarm: the local tracker, no STUN. */
  settings: StoredSettings;
  close(): Promise<void>;
}

const BLANK_PAGE = Buffer.from("<!doctype html><title>test page</title><body></body>");

export async function startStreamFixture(
  options: { seconds?: number; bytesPerSecond?: number } = {},
): Promise<StreamFixture> {
  const stream = await makeHlsVod({
    seconds: options.seconds ?? 20,
    segmentSeconds: 2,
    bitrate: "1200k",
    size: "854x480",
  });
  const origin = await startOrigin(stream.dir, {
    ...(options.bytesPerSecond === undefined ? {} : { bytesPerSecond: options.bytesPerSecond }),
    // A page of the site for PageFrame (a real frame with the extension's relay).
    routes: (path) =>
      Promise.resolve(
        path === BLANK_PAGE_PATH ? { body: BLANK_PAGE, type: "text/html" } : undefined,
      ),
  });
  const tracker = await startTracker();
  const queue = stream.segments.map((segment, index) => ({
    id: segment.uri,
    url: new URL(segment.uri, origin.baseUrl).href,
    priority: index,
  }));
  return {
    stream,
    origin,
    tracker,
    site: new URL(origin.baseUrl).origin,
    queue,
    settings: {
      trackerAnnounce: [tracker.url],
      rtcConfig: { iceServers: [] },
      httpDownloadProbabilityInterval: 200,
    },
    close: async () => {
      await origin.close();
      await tracker.close();
    },
  };
}
