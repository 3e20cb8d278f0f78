/**
 * Background -> engine (the offscreen document), over the runtime Port the engine opens to the
 * background. Every request names the site and tab it acts for: the background filled them in
 * from what the browser vouched for (MessageSender), never from a page's message.
 */
import type { CacheUsage } from "../core/storage/segments-storage";
import type { CarriedBytes, SegmentAnswer } from "./bytes";
import type { FastPathCounters } from "./fast-path";
import type { EngineTotals } from "./lifetime-totals";
import type { SegmentDescriptor } from "./segment-descriptor";
import type { SiteAccess } from "./site-access";
import type { StoredSettings } from "./stored-settings";

/** Which page a request acts for. `site` is the sending frame's origin. */
export interface EngineClient {
  tabId: number;
  frameId: number;
  site: string;
  /**
   * The site of the tab's top page when the browser told (background/sender-site.ts): a frame of
   * an embedded player is allowed only while its top site is (messaging/site-access.ts).
   */
  topSite?: string;
}

export type BackgroundToEngineRequest =
  /** Settings for loaders created from now on (validated again with resolveSettings). */
  | { type: "engine/configure"; settings: StoredSettings }
  | { type: "engine/load"; client: EngineClient; swarmId: string; segments: SegmentDescriptor[] }
  | {
      type: "engine/get-segment";
      client: EngineClient;
      swarmId: string;
      segmentId: string;
      waitMs: number;
    }
  | {
      type: "engine/put-segment";
      client: EngineClient;
      swarmId: string;
      segment: Omit<SegmentDescriptor, "priority">;
      bytes: CarriedBytes;
    }
  /** The tab (all its frames) no longer uses the engine. */
  | { type: "engine/release-tab"; tabId: number }
  /** One frame no longer uses the engine (the page hook stopped); the tab's other frames go on. */
  | { type: "engine/release-frame"; tabId: number; frameId: number }
  /** The sites the viewer allows changed: swarms and fast-path ports of any other site go. */
  | { type: "engine/keep-sites"; access: SiteAccess }
  /** What the segment cache holds over every site. */
  | { type: "engine/cache-usage" }
  /** Empties the segment cache (IndexedDB and memory) of every site; replies what is left. */
  | { type: "engine/clear-cache" }
  | { type: "engine/status" };

export type BackgroundToEngineType = BackgroundToEngineRequest["type"];

/** One swarm the engine is in, as engine/status reports it. */
export interface EngineSwarmStatus {
  site: string;
  swarmId: string;
  tabs: number[];
  peers: number;
  queued: number;
  /** Segments whose peer bytes the validator rejected (the peers were banned). */
  rejectedFromPeers: number;
  /**
   * The checks of peer (and page) bytes (engine/integrity-check.ts): origin spot checks made,
   * bytes fetched from the origin for any check, segments that differed from the origin, checks
   * that could not be made, segments accepted on an independent attestation, disagreements
   * settled with the whole segment from the origin, attesters proved false.
   */
  integrity: {
    checks: number;
    originBytes: number;
    mismatches: number;
    unverified: number;
    attested: number;
    settled: number;
    discredited: number;
  };
}

/** The engine's answer, by request type. */
export interface EngineReplies {
  "engine/configure": { ok: true };
  "engine/load": { ok: true };
  /** Bytes as an ArrayBuffer from the engine; its channel's transport carries them on. */
  "engine/get-segment": { ok: true } & SegmentAnswer<CarriedBytes>;
  "engine/put-segment": { ok: true };
  "engine/release-tab": { ok: true };
  "engine/release-frame": { ok: true };
  "engine/keep-sites": { ok: true };
  "engine/cache-usage": { ok: true; cache: CacheUsage };
  "engine/clear-cache": { ok: true; cache: CacheUsage };
  "engine/status": {
    ok: true;
    startedAt: number;
    fastPath: FastPathCounters;
    swarms: EngineSwarmStatus[];
    /** This run's per-site counts, as pushed with the stats. */
    totals: EngineTotals;
    /** IndexedDB failures, and segments kept in memory instead (engine/shared-store.ts). */
    storage: { primaryFailures: number; storedInFallback: number };
    /** Uploads refused because the browser says the connection is metered (pauseUploadsOnMetered). */
    uploadsPaused: boolean;
    /** The upload cap in force (bytes/s, 0: none): the viewer's p2pMaxUploadSpeed. */
    uploadCap: number;
  };
}

export type EngineReplyTo<T extends BackgroundToEngineType> =
  EngineReplies[T] | { ok: false; error: string };

/** The envelope of a request on the port. */
export interface EngineRequestEnvelope {
  kind: "request";
  id: number;
  request: BackgroundToEngineRequest;
}
