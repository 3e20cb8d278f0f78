import type { Segment } from "./segment.js";

/** Names of the events HybridLoader emits (the values match P2P Media Loader's). */
export enum Events {
  SegmentLoaded = "segment_loaded",
  SegmentError = "segment_error",
  SegmentAbort = "segment_abort",
  PeerConnect = "peer_connect",
  PeerClose = "peer_close",
  PieceBytesDownloaded = "piece_bytes_downloaded",
  PieceBytesUploaded = "piece_bytes_uploaded",
}

export type DownloadMethod = "http" | "p2p";

export interface PeerInfo {
  id: string;
  remoteAddress: string;
}

/** Listener signatures, as documented for p2p-media-loader-core 0.6.2. */
export interface LoaderEventMap {
  [Events.SegmentLoaded]: (segment: Segment, peerId: string | undefined) => void;
  [Events.SegmentError]: (segment: Segment, error: unknown, peerId: string | undefined) => void;
  [Events.SegmentAbort]: (segment: Segment) => void;
  [Events.PeerConnect]: (peer: PeerInfo) => void;
  [Events.PeerClose]: (peerId: string) => void;
  [Events.PieceBytesDownloaded]: (
    method: DownloadMethod,
    bytes: number,
    peerId: string | undefined,
  ) => void;
  [Events.PieceBytesUploaded]: (method: "p2p", bytes: number, peerId: string) => void;
}
