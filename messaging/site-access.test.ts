import { describe, expect, it } from "vitest";
import {
  allowsClient,
  allowsFrame,
  allowsSite,
  embeddedOrigins,
  originPattern,
} from "./site-access";
import { siteSchema } from "./stored-settings";

describe("originPattern", () => {
  it("writes the port out, so the pattern covers that one origin and no other port of the host", () => {
    expect(originPattern("https://video.example")).toBe("https://video.example:443/*");
    expect(originPattern("http://video.example")).toBe("http://video.example:80/*");
    expect(originPattern("http://127.0.0.1:8080")).toBe("http://127.0.0.1:8080/*");
    expect(originPattern("http://[::1]:8080")).toBe("http://[::1]:8080/*");
  });

  it("matches the rule the relay applies: another port is another site", () => {
    const access = {
      consented: true,
      everywhere: false,
      sites: ["https://video.example"],
      embeds: {},
    };
    expect(allowsSite(access, "https://video.example")).toBe(true);
    expect(allowsSite(access, "https://video.example:8443")).toBe(false);
  });
});

describe("embedded players", () => {
  const NEWS = "https://news.example";
  const PLAYER = "https://player.example";
  const OTHER = "https://other.example";
  const access = {
    consented: true,
    everywhere: false,
    sites: [NEWS, OTHER],
    embeds: { [NEWS]: [PLAYER], "https://off.example": ["https://elsewhere.example"] },
  };

  it("lets a frame of an embedded origin in only on the pages of the site that embeds it", () => {
    expect(allowsFrame(access, PLAYER, NEWS)).toBe(true);
    expect(allowsFrame(access, NEWS, NEWS)).toBe(true);
    // The same player on a page of another enabled site, on its own, or with no top site known.
    expect(allowsFrame(access, PLAYER, OTHER)).toBe(false);
    expect(allowsFrame(access, PLAYER, PLAYER)).toBe(false);
    expect(allowsFrame(access, PLAYER, undefined)).toBe(false);
    // The site that embeds it switched off, or consent withdrawn.
    expect(allowsFrame({ ...access, sites: [OTHER] }, PLAYER, NEWS)).toBe(false);
    expect(allowsFrame({ ...access, consented: false }, PLAYER, NEWS)).toBe(false);
  });

  it("counts the embeds of enabled sites only, once each", () => {
    const twice = { ...access, embeds: { ...access.embeds, [OTHER]: [PLAYER] } };
    expect(embeddedOrigins(twice)).toEqual([PLAYER]);
    // Where the tab is not known (a bound port, a swarm), an embedded origin is a site in use.
    expect(allowsSite(access, PLAYER)).toBe(true);
    expect(allowsSite(access, "https://elsewhere.example")).toBe(false);
    expect(allowsSite({ ...access, consented: false }, PLAYER)).toBe(false);
  });
});

describe("what counts as a site", () => {
  it("refuses a wildcard host, which the URL parser takes and a match pattern reads as any", () => {
    for (const origin of ["https://*", "https://*.google.com", "https://%2A.example"]) {
      expect(URL.canParse(origin), origin).toBe(true);
      expect(siteSchema.safeParse(new URL(origin).origin).success, origin).toBe(false);
    }
    expect(siteSchema.safeParse("https://player.example").success).toBe(true);
    expect(siteSchema.safeParse("http://127.0.0.1:8080").success).toBe(true);
  });

  it("allowsClient is allowsFrame over a client's site and top site", () => {
    const access = {
      consented: true,
      everywhere: false,
      sites: ["https://news.example"],
      embeds: { "https://news.example": ["https://player.example"] },
    };
    const player = { site: "https://player.example" };
    expect(allowsClient(access, { ...player, topSite: "https://news.example" })).toBe(true);
    expect(allowsClient(access, player)).toBe(false);
  });
});
