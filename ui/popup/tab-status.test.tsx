import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { TabStats } from "../../messaging/engine-to-background";
import { StatusLine } from "./StatusLine";
import { showsStats, tabStatus } from "./tab-status";

const stats: TabStats = {
  tabId: 1,
  httpBytes: 10,
  p2pBytes: 20,
  uploadedBytes: 5,
  peers: 3,
  uploadsPaused: false,
  sites: ["https://tv.example"],
};
const on = {
  site: "https://tv.example",
  siteOn: true,
  useP2P: true,
  consumeOnly: false,
  loaded: true,
};

describe("the popup's status for a tab", () => {
  it("says what applies, first match wins", () => {
    expect(tabStatus({ ...on, site: undefined, stats }).kind).toBe("not-website");
    expect(tabStatus({ ...on, siteOn: false, stats }).kind).toBe("site-off");
    expect(tabStatus({ ...on, siteOn: false, stats, standsAside: "drm" }).kind).toBe("site-off");
    expect(tabStatus({ ...on, stats, standsAside: "page-p2p" })).toEqual({
      kind: "stands-aside",
      reason: "page-p2p",
    });
    expect(tabStatus({ ...on, loaded: false, stats: undefined }).kind).toBe("loading");
    expect(tabStatus({ ...on, stats: undefined }).kind).toBe("waiting");
    expect(tabStatus({ ...on, useP2P: false, stats }).kind).toBe("peers-off");
    expect(tabStatus({ ...on, stats })).toEqual({
      kind: "sharing",
      stats,
      peers: 3,
      savedBytes: 20,
      notUploading: undefined,
      frames: [],
    });
  });

  it("shows tiles and chart only with a stream the engine serves for the tab", () => {
    const shown = (input: Parameters<typeof tabStatus>[0]) => showsStats(tabStatus(input));
    expect(shown({ ...on, stats })).toBe(true);
    expect(shown({ ...on, useP2P: false, stats })).toBe(true);
    expect(shown({ ...on, stats: undefined })).toBe(false);
    expect(shown({ ...on, siteOn: false, stats })).toBe(false);
    expect(shown({ ...on, site: undefined, stats })).toBe(false);
  });

  it("says so when nothing is uploaded: Download only, or paused for a metered connection", () => {
    const line = (tabStats: TabStats, consumeOnly = false) =>
      renderToStaticMarkup(
        StatusLine({ status: tabStatus({ ...on, consumeOnly, stats: tabStats }) }),
      );
    expect(line(stats)).not.toMatch(/metered|Download only/);
    expect(line({ ...stats, uploadsPaused: true })).toContain(
      "Not uploading to them: the connection is metered.",
    );
    expect(line(stats, true)).toContain("Download only: nothing is uploaded to them.");
  });

  it("says in plain words why the extension leaves a page alone, with no tiles", () => {
    const line = (standsAside: "page-p2p" | "drm" | "worker") =>
      renderToStaticMarkup(StatusLine({ status: tabStatus({ ...on, stats, standsAside }) }));
    expect(line("page-p2p")).toContain("peer-to-peer of its own: the extension stands aside.");
    expect(line("drm")).toContain("protected (DRM)");
    expect(line("worker")).toContain("in a background worker, where the extension cannot help it.");
    expect(showsStats(tabStatus({ ...on, stats, standsAside: "drm" }))).toBe(false);
  });

  it("names the embedded player whose video the tab shares, not the site's own", () => {
    const line = (sites: string[]) =>
      renderToStaticMarkup(
        StatusLine({ status: tabStatus({ ...on, stats: { ...stats, sites } }) }),
      );
    expect(line(["https://tv.example"])).not.toContain("in a frame");
    expect(line(["https://player.example:8443"])).toContain(
      "The video is from player.example:8443, in a frame.",
    );
    expect(line(["https://tv.example", "https://a.example", "https://b.example"])).toContain(
      "The video is from a.example, b.example, in a frame.",
    );
  });
});
