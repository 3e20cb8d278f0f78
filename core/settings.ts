import * as z from "zod/mini";
// zod's English messages alone (`zod/locales` is all its locales).
import en from "zod/v4/locales/en.js";
import type { SegmentEvidence } from "./p2p/attestations.js";
import type { Segment } from "./segment.js";
import type { SegmentsStorage } from "./storage/segments-storage.js";

/**
 * Resolves if the data is acceptable; a rejection is reported as a SegmentError, and the peers
 * whose bytes were in it are banned — unless the rejection is a LoaderError "integrity-unverified"
 * (the check could not be made: the peers are only passed over for this segment). `contributors`
 * (added to 0.6.2's arguments) names every peer whose bytes are in the segment: an HTTP load that
 * resumed from a peer's bytes has method "http" and that peer among its contributors. `evidence`
 * (added) carries the other peers' attestations of the origin's digest (core/p2p/attestations.ts).
 */
export type SegmentValidator = (
  segment: Segment,
  method: "http" | "p2p",
  peerId?: string,
  contributors?: readonly string[],
  evidence?: SegmentEvidence,
) => Promise<void>;
export type XhrSetup = (xhr: XMLHttpRequest, url: string) => void;
export type SegmentUrlBuilder = (segment: Segment) => string;

const int = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.int().check(z.minimum(min), z.maximum(max));
const fn = <T>(what: string) =>
  z.custom<T>((value: unknown) => typeof value === "function", `expected ${what}`);
const trackerUrl = z
  .string()
  .check(
    z.refine((value) => /^wss?:\/\/[^\s/]+/.test(value), "expected a ws:// or wss:// tracker URL"),
  );

/**
 * Every setting, with its meaning. The names, meanings and defaults of the 0.6.2 settings are
 * P2P Media Loader's; those marked "(added)" are this project's.
 */
export const settingsSchema = z.strictObject({
  /** 300000. Segment lifetime in the default cache since its last access (ms). */
  cachedSegmentExpiration: int(0),
  /**
   * 30. Max number of segments of one swarm (a track of a stream) in the default cache, within
   * the site's bytes (storage/cache-limits.ts).
   */
  cachedSegmentsCount: int(1, 10_000),
  /**
   * (added) 500 MB. Most bytes the segment cache keeps over every site together
   * (core/storage/cache-limits.ts: one site keeps at most 128 MiB of it); over it, the site
   * holding most gives way first. In round MB (powers of 1000), as the options page shows it:
   * 200 MB to 10 GB. At least what two sites may pin for their queues (2 x 64 MiB,
   * core/storage/cache-limits.ts): a smaller total would evict segments a player still waits
   * for, and the loader would fetch them again and again.
   */
  cacheMaxBytes: int(200_000_000, 10_000_000_000),
  /** 1. Segments with priority up to this are needed now: loaded as quickly as possible. */
  requiredSegmentsPriority: int(0),
  /** true. Enable peers interaction; when false the tracker is never contacted. */
  useP2P: z.boolean(),
  /** false. Download from peers but never upload to them. */
  consumeOnly: z.boolean(),
  /**
   * (added) true. Upload nothing while the browser says the connection is metered or the viewer
   * asked it to save data (Network Information API: saveData, or type "cellular"; the extension's
   * engine checks it, in Chrome only: other browsers do not tell). Downloads go on as usual.
   */
  pauseUploadsOnMetered: z.boolean(),
  /** 2. Max simultaneous HTTP downloads. */
  simultaneousHttpDownloads: int(1, 64),
  /** 0.1. Probability (per check, per pending segment) of fetching an upcoming segment over HTTP. */
  httpDownloadProbability: z.number().check(z.minimum(0), z.maximum(1)),
  /** 1000. Interval of the httpDownloadProbability check (ms). */
  httpDownloadProbabilityInterval: int(10),
  /** false. Skip random HTTP downloads while no peer is connected. */
  httpDownloadProbabilitySkipIfNoPeers: z.boolean(),
  /** 10000. Wait before retrying a segment over HTTP after a failure (ms). */
  httpFailedSegmentTimeout: int(0),
  /** 20. Segments with a higher priority value are never downloaded over HTTP. */
  httpDownloadMaxPriority: int(0),
  /** 0. If > 0, initial segments are tried over P2P for this long (ms) before HTTP. */
  httpDownloadInitialTimeout: int(0),
  /** 4000. In initial-timeout mode, time allowed for one sequential P2P segment (ms). */
  httpDownloadInitialTimeoutPerSegment: int(0),
  /** false. Use HTTP Range requests to continue an aborted P2P download instead of restarting. */
  httpUseRanges: z.boolean(),
  /** 3. Max simultaneous downloads from peers. */
  simultaneousP2PDownloads: int(1, 64),
  /** 20. Segments with a higher priority value are never downloaded from peers. */
  p2pDownloadMaxPriority: int(0),
  /** 60000. Time allowed for a segment download from a peer to start (ms). */
  p2pSegmentDownloadTimeout: int(1),
  /** (added) 4000. Longest silence between two chunks of a P2P download before it moves on (ms). */
  p2pInactivityTimeout: int(1),
  /**
   * (added) 1500. For a needed-now segment (priority up to requiredSegmentsPriority) fetched from a
   * peer: time allowed for the first bytes and between chunks before HTTP takes over (ms).
   */
  p2pRequiredSegmentTimeout: int(1),
  /**
   * (added) 16384 (16 KiB/s). Slowest P2P download kept (bytes/s), judged by the loader's clock
   * over 5 s windows from the first bytes on: a peer that sends less in a window (or less than
   * what was left) loses the download, which goes to another peer or HTTP (continuing from the
   * bytes received where it can), and is not asked for that segment again. 16 KiB/s is an eighth
   * of a 1 Mbit/s stream (the simulator's): such a peer needs 48 s for a 6 s segment, so waiting
   * on it only holds a P2P slot, yet a DSL uplink (0.75 Mbit/s) still clears it serving five
   * viewers at once. Without it a peer dripping a few bytes a second holds a download forever,
   * since each chunk restarts p2pInactivityTimeout. 0: no minimum.
   */
  p2pMinDownloadSpeed: int(0, 1024 * 1024 * 1024),
  /**
   * (added) 0. Upload bandwidth cap (bytes/s) over everything this loader serves to peers — in the
   * extension, over the whole engine — paced on the loader's clock (a token bucket holding one
   * second's worth). 0: unlimited. A peer waiting on a capped upload moves on under its own
   * p2pMinDownloadSpeed, so a cap far below the stream's bitrate mostly turns uploads away.
   */
  p2pMaxUploadSpeed: int(0, 1024 * 1024 * 1024),
  /**
   * (added) 1500. After joining a swarm where the tracker reports other peers, how long segments
   * needed soon but not next (priority 1 up to requiredSegmentsPriority) wait for those peers to
   * connect before going to HTTP (ms); the segment needed next (priority 0) never waits. 0: off.
   */
  p2pJoinGracePeriod: int(0, 60_000),
  /**
   * (added) 20. Most peers connected in one swarm. At the limit the loader offers no new
   * connections when it announces; a peer that connects anyway replaces the least useful
   * connected peer (long connected, idle, holding nothing we want) or, if none is, is refused.
   * Re-announcing for more peers stops at this limit too.
   */
  p2pMaxPeers: int(1, 1000),
  /** 64 * 1024 - 1. Max WebRTC message size (bytes). */
  webRtcMaxMessageSize: int(1024, 256 * 1024),
  /** (added) 64 MiB. Largest segment accepted from a peer; larger announcements are violations. */
  maxSegmentSize: int(1, 1024 * 1024 * 1024),
  /** WebTorrent trackers to announce to. */
  trackerAnnounce: z.array(trackerUrl).check(z.minLength(1)),
  /** 10. Peers requested per announce per tracker (max 10). */
  peerRequestsPerAnnounce: int(1, 10),
  /** RTCConfiguration for peer connections (public STUN by default). */
  rtcConfig: z.custom<RTCConfiguration>(
    (value: unknown) => typeof value === "object" && value !== null && !Array.isArray(value),
    "expected an RTCConfiguration object",
  ),
  /** undefined. Validates downloaded data; a rejection becomes a SegmentError. */
  segmentValidator: z.optional(
    fn<SegmentValidator>("a function (segment, method, peerId) => Promise"),
  ),
  /** undefined. Customises each XMLHttpRequest; when set, HTTP goes through XMLHttpRequest. */
  xhrSetup: z.optional(fn<XhrSetup>("a function (xhr, url) => void")),
  /** undefined. Builds the URL requested over HTTP for a segment. */
  segmentUrlBuilder: z.optional(fn<SegmentUrlBuilder>("a function (segment) => string")),
  /** undefined. Storage for downloaded segments; memory by default. */
  segmentsStorage: z.optional(
    z.custom<SegmentsStorage>(
      (value: unknown) =>
        typeof value === "object" &&
        value !== null &&
        ["storeSegment", "getSegmentsMap", "getSegment", "clean", "destroy"].every(
          (method) => typeof (value as Record<string, unknown>)[method] === "function",
        ),
      "expected an object implementing SegmentsStorage",
    ),
  ),
});

export type Settings = z.infer<typeof settingsSchema>;

export const defaultSettings: Settings = {
  cachedSegmentExpiration: 5 * 60 * 1000,
  cachedSegmentsCount: 30,
  cacheMaxBytes: 500_000_000,
  requiredSegmentsPriority: 1,
  useP2P: true,
  consumeOnly: false,
  pauseUploadsOnMetered: true,
  simultaneousHttpDownloads: 2,
  httpDownloadProbability: 0.1,
  httpDownloadProbabilityInterval: 1000,
  httpDownloadProbabilitySkipIfNoPeers: false,
  httpFailedSegmentTimeout: 10_000,
  httpDownloadMaxPriority: 20,
  httpDownloadInitialTimeout: 0,
  httpDownloadInitialTimeoutPerSegment: 4000,
  httpUseRanges: false,
  simultaneousP2PDownloads: 3,
  p2pDownloadMaxPriority: 20,
  p2pSegmentDownloadTimeout: 60_000,
  p2pInactivityTimeout: 4000,
  p2pRequiredSegmentTimeout: 1500,
  p2pMinDownloadSpeed: 16 * 1024,
  p2pMaxUploadSpeed: 0,
  p2pJoinGracePeriod: 1500,
  p2pMaxPeers: 20,
  webRtcMaxMessageSize: 64 * 1024 - 1,
  maxSegmentSize: 64 * 1024 * 1024,
  trackerAnnounce: ["wss://tracker.novage.com.ua", "wss://tracker.openwebtorrent.com"],
  peerRequestsPerAnnounce: 10,
  rtcConfig: {
    iceServers: [
      { urls: "stun:stun.l.google.com:19302" },
      { urls: "stun:global.stun.twilio.com:3478" },
    ],
  },
  segmentValidator: undefined,
  xhrSetup: undefined,
  segmentUrlBuilder: undefined,
  segmentsStorage: undefined,
};

/**
 * zod's English messages ("Too small: expected number to be >=1"), for this parse only: zod/mini
 * sets no locale (its messages are "Invalid input"), and the core does not change zod's global
 * config for whoever else uses zod in the same context.
 */
const english = en().localeError;

export class SettingsError extends Error {
  override readonly name = "SettingsError";
  constructor(
    /** The offending setting, or "" when the whole value is wrong. */
    readonly setting: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Merges `overrides` over the defaults and validates the result. Throws SettingsError naming the
 * first bad setting: an unknown key, a wrong type or an out-of-range value.
 */
export function resolveSettings(overrides: unknown = {}): Settings {
  if (typeof overrides !== "object" || overrides === null || Array.isArray(overrides)) {
    throw new SettingsError("", "Settings must be an object");
  }
  const result = settingsSchema.safeParse({ ...defaultSettings, ...overrides }, { error: english });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new SettingsError("", "Invalid settings");
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0] ?? "";
    throw new SettingsError(key, `Unknown setting "${key}"`);
  }
  const key = issue.path.map(String).join(".");
  throw new SettingsError(key, `Invalid setting "${key}": ${issue.message}`);
}
