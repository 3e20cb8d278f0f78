/* The subset of m3u8-parser (video.js project) that this project uses; it ships no types. */
declare module "m3u8-parser" {
  export interface ParsedSegment {
    uri: string;
    duration: number;
    byterange?: { length: number; offset: number };
  }
  export interface ParsedManifest {
    segments: ParsedSegment[];
    targetDuration?: number;
    endList?: boolean;
    playlists?: { uri: string; attributes: Record<string, unknown> }[];
  }
  export class Parser {
    manifest: ParsedManifest;
    push(chunk: string): void;
    end(): void;
  }
}
