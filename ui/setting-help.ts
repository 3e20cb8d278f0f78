/**
 * Labels, help texts (message keys; the doc comments of core/settings.ts, in plain words), displayed units and
 * groups for every setting that can be stored: the options page's strings for settings, in one
 * place. Typed against the stored settings, so a new core setting without a help text here is a
 * compile error.
 */
import type { StoredSettings } from "../messaging/stored-settings";
import type { MessageKey } from "./i18n";
import type { DisplayUnitName } from "./setting-units";

export type SettingKey = keyof Required<StoredSettings>;

/** Settings edited with their own editors rather than a single input. */
export type ListSettingKey = "trackerAnnounce" | "rtcConfig";
export type ScalarSettingKey = Exclude<SettingKey, ListSettingKey>;

/** Message keys (locales/en/messages.json): the strings are looked up where they are shown. */
export interface SettingHelp {
  label: MessageKey;
  help: MessageKey;
  /** The unit the input shows (ui/setting-units.ts converts to what is stored). */
  unit?: DisplayUnitName;
}

export const SETTING_HELP = {
  cachedSegmentExpiration: {
    label: "setting_cachedSegmentExpiration_label",
    help: "setting_cachedSegmentExpiration_help",
    unit: "seconds",
  },
  cachedSegmentsCount: {
    label: "setting_cachedSegmentsCount_label",
    help: "setting_cachedSegmentsCount_help",
    unit: "segments",
  },
  cacheMaxBytes: {
    label: "setting_cacheMaxBytes_label",
    help: "setting_cacheMaxBytes_help",
    unit: "megabytes",
  },
  requiredSegmentsPriority: {
    label: "setting_requiredSegmentsPriority_label",
    help: "setting_requiredSegmentsPriority_help",
  },
  useP2P: {
    label: "setting_useP2P_label",
    help: "setting_useP2P_help",
  },
  consumeOnly: {
    label: "setting_consumeOnly_label",
    help: "setting_consumeOnly_help",
  },
  pauseUploadsOnMetered: {
    label: "setting_pauseUploadsOnMetered_label",
    help: "setting_pauseUploadsOnMetered_help",
  },
  simultaneousHttpDownloads: {
    label: "setting_simultaneousHttpDownloads_label",
    help: "setting_simultaneousHttpDownloads_help",
  },
  httpDownloadProbability: {
    label: "setting_httpDownloadProbability_label",
    help: "setting_httpDownloadProbability_help",
    unit: "probability",
  },
  httpDownloadProbabilityInterval: {
    label: "setting_httpDownloadProbabilityInterval_label",
    help: "setting_httpDownloadProbabilityInterval_help",
    unit: "seconds",
  },
  httpDownloadProbabilitySkipIfNoPeers: {
    label: "setting_httpDownloadProbabilitySkipIfNoPeers_label",
    help: "setting_httpDownloadProbabilitySkipIfNoPeers_help",
  },
  httpFailedSegmentTimeout: {
    label: "setting_httpFailedSegmentTimeout_label",
    help: "setting_httpFailedSegmentTimeout_help",
    unit: "seconds",
  },
  httpDownloadMaxPriority: {
    label: "setting_httpDownloadMaxPriority_label",
    help: "setting_httpDownloadMaxPriority_help",
  },
  httpDownloadInitialTimeout: {
    label: "setting_httpDownloadInitialTimeout_label",
    help: "setting_httpDownloadInitialTimeout_help",
    unit: "seconds",
  },
  httpDownloadInitialTimeoutPerSegment: {
    label: "setting_httpDownloadInitialTimeoutPerSegment_label",
    help: "setting_httpDownloadInitialTimeoutPerSegment_help",
    unit: "seconds",
  },
  httpUseRanges: {
    label: "setting_httpUseRanges_label",
    help: "setting_httpUseRanges_help",
  },
  simultaneousP2PDownloads: {
    label: "setting_simultaneousP2PDownloads_label",
    help: "setting_simultaneousP2PDownloads_help",
  },
  p2pDownloadMaxPriority: {
    label: "setting_p2pDownloadMaxPriority_label",
    help: "setting_p2pDownloadMaxPriority_help",
  },
  p2pSegmentDownloadTimeout: {
    label: "setting_p2pSegmentDownloadTimeout_label",
    help: "setting_p2pSegmentDownloadTimeout_help",
    unit: "seconds",
  },
  p2pInactivityTimeout: {
    label: "setting_p2pInactivityTimeout_label",
    help: "setting_p2pInactivityTimeout_help",
    unit: "seconds",
  },
  p2pRequiredSegmentTimeout: {
    label: "setting_p2pRequiredSegmentTimeout_label",
    help: "setting_p2pRequiredSegmentTimeout_help",
    unit: "seconds",
  },
  p2pMinDownloadSpeed: {
    label: "setting_p2pMinDownloadSpeed_label",
    help: "setting_p2pMinDownloadSpeed_help",
    unit: "kilobytesPerSecond",
  },
  p2pMaxUploadSpeed: {
    label: "setting_p2pMaxUploadSpeed_label",
    help: "setting_p2pMaxUploadSpeed_help",
    unit: "megabitsPerSecond",
  },
  p2pJoinGracePeriod: {
    label: "setting_p2pJoinGracePeriod_label",
    help: "setting_p2pJoinGracePeriod_help",
    unit: "seconds",
  },
  p2pMaxPeers: {
    label: "setting_p2pMaxPeers_label",
    help: "setting_p2pMaxPeers_help",
    unit: "peers",
  },
  webRtcMaxMessageSize: {
    label: "setting_webRtcMaxMessageSize_label",
    help: "setting_webRtcMaxMessageSize_help",
    unit: "kilobytes",
  },
  maxSegmentSize: {
    label: "setting_maxSegmentSize_label",
    help: "setting_maxSegmentSize_help",
    unit: "megabytes",
  },
  trackerAnnounce: {
    label: "setting_trackerAnnounce_label",
    help: "setting_trackerAnnounce_help",
  },
  peerRequestsPerAnnounce: {
    label: "setting_peerRequestsPerAnnounce_label",
    help: "setting_peerRequestsPerAnnounce_help",
  },
  rtcConfig: {
    label: "setting_rtcConfig_label",
    help: "setting_rtcConfig_help",
  },
} as const satisfies Record<SettingKey, SettingHelp>;

export interface SettingGroup {
  /** A message key; also the group's element id. */
  title: MessageKey;
  keys: readonly ScalarSettingKey[];
}

/** What a viewer decides, at the top of the options page. */
export const VIEWER_GROUP: SettingGroup = {
  title: "groupViewer",
  keys: ["useP2P", "consumeOnly", "p2pMaxUploadSpeed", "pauseUploadsOnMetered", "cacheMaxBytes"],
};

/** The rest, under "Advanced" (trackers and ICE servers have editors of their own). */
export const ADVANCED_GROUPS: readonly SettingGroup[] = [
  { title: "groupCaching", keys: ["cachedSegmentsCount", "cachedSegmentExpiration"] },
  {
    title: "groupHttp",
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
    title: "groupP2p",
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
  { title: "groupTrackers", keys: ["peerRequestsPerAnnounce", "webRtcMaxMessageSize"] },
];

/** Every group of single-value settings. */
export const SETTING_GROUPS: readonly SettingGroup[] = [VIEWER_GROUP, ...ADVANCED_GROUPS];
