import { describe, expect, it } from "vitest";
import { permissionPattern, type SiteAccess } from "../messaging/site-access";
import { runSiteCommand, siteOfUrl, type SiteCommandPorts } from "./site-command";

const SITE = "https://video.example";
const TAB = { id: 7, url: `${SITE}/watch/42?t=10` };

/** Ports that record what the handler did, with a browser that grants, refuses or will not ask. */
function fakePorts(
  access: SiteAccess | undefined,
  answer: "grant" | "refuse" | "no-gesture" = "grant",
  firefox = false,
) {
  const calls: string[] = [];
  let sites = [...(access?.sites ?? [])];
  const ports: SiteCommandPorts = {
    access: () => access,
    pattern: (site) => permissionPattern(site, firefox),
    request: (pattern) => {
      calls.push(`request ${pattern}`);
      if (answer === "no-gesture")
        return Promise.reject(new Error("This function must be called during a user gesture"));
      return Promise.resolve(answer === "grant");
    },
    release: (pattern) => {
      calls.push(`release ${pattern}`);
      return Promise.resolve(true);
    },
    setSiteEnabled: (site, enabled) => {
      calls.push(`${enabled ? "enable" : "disable"} ${site}`);
      sites = enabled ? [...sites, site].sort() : sites.filter((other) => other !== site);
      return Promise.resolve(sites);
    },
    openPopup: () => {
      calls.push("popup");
      return Promise.resolve();
    },
    openWelcome: () => {
      calls.push("welcome");
      return Promise.resolve();
    },
    flash: (tabId, text) => {
      calls.push(`flash ${String(tabId)} ${text}`);
    },
  };
  return { ports, calls, sites: () => sites };
}

const consented = (sites: string[], everywhere = false): SiteAccess => ({
  consented: true,
  everywhere,
  sites,
  embeds: {},
});

describe("the keyboard shortcut (toggle-site)", () => {
  it("switches an enabled site off and gives back its host permission", async () => {
    const { ports, calls, sites } = fakePorts(consented([SITE, "https://other.example"]));
    expect(await runSiteCommand(ports, TAB)).toBe("off");
    expect(sites()).toEqual(["https://other.example"]);
    expect(calls).toEqual([`disable ${SITE}`, `release ${SITE}/*`, "flash 7 OFF"]);
  });

  it("switches a site on after the browser grants its host permission", async () => {
    const { ports, calls, sites } = fakePorts(consented([]));
    expect(await runSiteCommand(ports, TAB)).toBe("on");
    expect(sites()).toEqual([SITE]);
    expect(calls).toEqual([`request ${SITE}/*`, `enable ${SITE}`, "flash 7 ON"]);
  });

  it("asks for the permission before its first await (inside the gesture)", () => {
    const { ports, calls } = fakePorts(consented([]));
    void runSiteCommand(ports, TAB);
    expect(calls).toEqual([`request ${SITE}/*`]);
  });

  it("leaves the site off when the viewer refuses the permission", async () => {
    const { ports, calls, sites } = fakePorts(consented([]), "refuse");
    expect(await runSiteCommand(ports, TAB)).toBe("refused");
    expect(sites()).toEqual([]);
    expect(calls).toEqual([`request ${SITE}/*`]);
  });

  it("opens the popup when the browser will not ask from a shortcut", async () => {
    const { ports, calls, sites } = fakePorts(consented([]), "no-gesture");
    expect(await runSiteCommand(ports, TAB)).toBe("popup");
    expect(sites()).toEqual([]);
    expect(calls).toEqual([`request ${SITE}/*`, "popup"]);
  });

  it("opens the popup at once while the site access is not loaded yet", () => {
    const { ports, calls } = fakePorts(undefined);
    void runSiteCommand(ports, TAB);
    expect(calls).toEqual(["popup"]);
  });

  it("opens the first-run page before consent, and asks nothing", async () => {
    const { ports, calls } = fakePorts({
      consented: false,
      everywhere: false,
      sites: [],
      embeds: {},
    });
    expect(await runSiteCommand(ports, TAB)).toBe("welcome");
    expect(calls).toEqual(["welcome"]);
  });

  it("opens the popup in 'everywhere' mode, where no site has a switch", async () => {
    const { ports, calls } = fakePorts(consented([], true));
    expect(await runSiteCommand(ports, TAB)).toBe("everywhere");
    expect(calls).toEqual(["popup"]);
  });

  it("does nothing on a page that is not a website", async () => {
    for (const url of ["chrome://extensions/", "about:addons", "file:///tmp/a.html", undefined]) {
      const { ports, calls } = fakePorts(consented([]));
      expect(await runSiteCommand(ports, { id: 1, url })).toBe("not-a-site");
      expect(calls).toEqual([]);
    }
  });

  it("in Firefox keeps the host's permission while another port of the host is still on", async () => {
    const { ports, calls } = fakePorts(
      consented([SITE, "https://video.example:8443"]),
      "grant",
      true,
    );
    expect(await runSiteCommand(ports, TAB)).toBe("off");
    expect(calls).toEqual([`disable ${SITE}`, "flash 7 OFF"]);
  });
});

describe("siteOfUrl", () => {
  it("is the origin of http(s) pages only", () => {
    expect(siteOfUrl("https://a.example:8443/x?y#z")).toBe("https://a.example:8443");
    expect(siteOfUrl("http://127.0.0.1:8080/")).toBe("http://127.0.0.1:8080");
    expect(siteOfUrl("chrome-extension://abc/popup.html")).toBeUndefined();
    expect(siteOfUrl("not a url")).toBeUndefined();
  });
});
