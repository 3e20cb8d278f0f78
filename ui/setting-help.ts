/**
 * Labels, help texts (the doc comments of core/settings.ts, in plain words), displayed units and
 * groups for every setting that can be stored: the options page's strings for settings, in one
 * place. Typed against the stored settings, so a new core setting without a help text here is a
 * compile error.
 */
import type { StoredSettings } from "../messaging/stored-settings";
import type { DisplayUnitName } from "./setting-units";

export type SettingKey = keyof Required<StoredSettings>;

/** Settings edited with their own editors rather than a single input. */
export type ListSettingKey = "trackerAnnounce" | "rtcConfig";
export type ScalarSettingKey = Exclude<SettingKey, ListSettingKey>;

export interface SettingHelp {
  label: string;
  help: string;
  /** The unit the input shows (ui/setting-units.ts converts to what is stored). */
  unit?: DisplayUnitName;
}

export const SETTING_HELP = {
  cachedSegmentExpiration: {
    label: "Cache lifetime",
    help: "How long a segment stays in the cache after it was last used.",
    unit: "seconds",
  },
  cachedSegmentsCount: {
    label: "Cached segments",
    help: "Most segments kept in the cache for each site (and offered to peers), within 128 MiB per site and the cache size in all; one site never evicts another’s.",
    unit: "segments",
  },
  cacheMaxBytes: {
    label: "Cache size",
    help: "Most space the video cache takes on this computer, over all sites (one site keeps at most about 134 MB of it). Segments in the cache are what you can share; the oldest go first.",
    unit: "megabytes",
  },
  requiredSegmentsPriority: {
    label: "Needed-now priority",
    help: "Segments with a priority up to this are needed now and loaded as quickly as possible.",
  },
  useP2P: {
    label: "Exchange video with other viewers",
    help: "On every site where sharing is on. Off: video comes only from the site, as without the extension, and no tracker is contacted.",
  },
  consumeOnly: {
    label: "Download only",
    help: "Take video from other viewers but never send them any: nothing is uploaded.",
  },
  pauseUploadsOnMetered: {
    label: "Pause uploads on metered connections",
    help: "Upload nothing while the browser says you are on a metered connection (mobile data) or have data saver on. Downloads go on.",
  },
  simultaneousHttpDownloads: {
    label: "Simultaneous HTTP downloads",
    help: "Most segments downloaded over HTTP at the same time.",
  },
  httpDownloadProbability: {
    label: "Random HTTP probability",
    help: "Chance (0 to 1), per check and per pending segment, of fetching an upcoming segment over HTTP to seed the swarm.",
    unit: "probability",
  },
  httpDownloadProbabilityInterval: {
    label: "Random HTTP check interval",
    help: "How often the random HTTP check runs.",
    unit: "seconds",
  },
  httpDownloadProbabilitySkipIfNoPeers: {
    label: "Skip random HTTP without peers",
    help: "Do not make random HTTP downloads while no peer is connected.",
  },
  httpFailedSegmentTimeout: {
    label: "HTTP retry delay",
    help: "Wait before retrying a segment over HTTP after a failure.",
    unit: "seconds",
  },
  httpDownloadMaxPriority: {
    label: "HTTP max priority",
    help: "Segments with a higher priority value are never downloaded over HTTP.",
  },
  httpDownloadInitialTimeout: {
    label: "Initial P2P wait",
    help: "If above 0, the first segments are tried from peers for this long before HTTP.",
    unit: "seconds",
  },
  httpDownloadInitialTimeoutPerSegment: {
    label: "Initial P2P wait per segment",
    help: "During the initial wait, the time allowed for each segment from peers.",
    unit: "seconds",
  },
  httpUseRanges: {
    label: "Resume with HTTP ranges",
    help: "Continue an interrupted peer download with an HTTP Range request instead of starting over.",
  },
  simultaneousP2PDownloads: {
    label: "Simultaneous peer downloads",
    help: "Most segments downloaded from peers at the same time.",
  },
  p2pDownloadMaxPriority: {
    label: "P2P max priority",
    help: "Segments with a higher priority value are never downloaded from peers.",
  },
  p2pSegmentDownloadTimeout: {
    label: "Peer start timeout",
    help: "Time allowed for a download from a peer to start.",
    unit: "seconds",
  },
  p2pInactivityTimeout: {
    label: "Peer silence timeout",
    help: "Longest silence between two chunks of a peer download before it moves on.",
    unit: "seconds",
  },
  p2pRequiredSegmentTimeout: {
    label: "Needed-now peer timeout",
    help: "For a segment needed now, the time a peer has for its first bytes (and between chunks) before HTTP takes over.",
    unit: "seconds",
  },
  p2pMinDownloadSpeed: {
    label: "Slowest peer download",
    help: "A download from a peer slower than this over 5 seconds is given up: the segment comes from another peer or over HTTP, and that peer is not asked for it again. 0 turns it off.",
    unit: "kilobytesPerSecond",
  },
  p2pMaxUploadSpeed: {
    label: "Upload limit",
    help: "Most you send to other viewers, over every stream and tab together. 0: no limit. Viewers waiting on a slow upload fetch elsewhere.",
    unit: "megabitsPerSecond",
  },
  p2pJoinGracePeriod: {
    label: "Wait for peers after joining",
    help: "Just after joining a stream's swarm, how long segments needed soon (but not next) wait for the peers the tracker reported before they come over HTTP. 0 turns it off.",
    unit: "seconds",
  },
  p2pMaxPeers: {
    label: "Most connected peers",
    help: "Most viewers connected at once for one stream. At the limit no new connections are offered; a viewer that connects anyway replaces an idle one that has nothing needed, or is turned away.",
    unit: "peers",
  },
  webRtcMaxMessageSize: {
    label: "WebRTC message size",
    help: "Largest WebRTC data-channel message.",
    unit: "kilobytes",
  },
  maxSegmentSize: {
    label: "Largest segment from a peer",
    help: "Larger announcements from a peer are treated as misbehaviour.",
    unit: "megabytes",
  },
  trackerAnnounce: {
    label: "Trackers",
    help: "WebTorrent trackers (ws:// or wss://) where viewers of the same stream find each other.",
  },
  peerRequestsPerAnnounce: {
    label: "Peers per announce",
    help: "Peers requested from each tracker per announce (at most 10).",
  },
  rtcConfig: {
    label: "STUN and TURN servers",
    help: "ICE servers for peer connections. STUN finds your public address; TURN relays traffic when a direct connection fails.",
  },
} as const satisfies Record<SettingKey, SettingHelp>;

export interface SettingGroup {
  title: string;
  keys: readonly ScalarSettingKey[];
}

/** What a viewer decides, at the top of the options page. */
export const VIEWER_GROUP: SettingGroup = {
  title: "Sharing with other viewers",
  keys: ["useP2P", "consumeOnly", "p2pMaxUploadSpeed", "pauseUploadsOnMetered", "cacheMaxBytes"],
};

/** The rest, under "Advanced" (trackers and ICE servers have editors of their own). */
export const ADVANCED_GROUPS: readonly SettingGroup[] = [
  { title: "Caching", keys: ["cachedSegmentsCount", "cachedSegmentExpiration"] },
  {
    title: "HTTP",
    keys: [
      "requiredSegmentsPriority",
      "simultaneousHttpDownloads",
      "httpDownloadProbability",
      "httpDownloadProbabilityInterval",
      "httpDownloadProbabilitySkipIfNoPeers",
      "httpFailedSegmentTimeout",
      "httpDownloadMaxPriority",
      "httpDownloadInitialTimeout",
      "httpDownloadInitialTimeoutPerSegment",
      "httpUseRanges",
    ],
  },
  {
    title: "P2P",
    keys: [
      "simultaneousP2PDownloads",
      "p2pDownloadMaxPriority",
      "p2pSegmentDownloadTimeout",
      "p2pInactivityTimeout",
      "p2pRequiredSegmentTimeout",
      "p2pMinDownloadSpeed",
      "p2pJoinGracePeriod",
      "p2pMaxPeers",
      "maxSegmentSize",
    ],
  },
  { title: "Trackers and WebRTC", keys: ["peerRequestsPerAnnounce", "webRtcMaxMessageSize"] },
];

/** Every group of single-value settings. */
export const SETTING_GROUPS: readonly SettingGroup[] = [VIEWER_GROUP, ...ADVANCED_GROUPS];
