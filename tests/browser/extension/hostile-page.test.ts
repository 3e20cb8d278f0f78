/**
 * A hostile page on an enabled site tries to take the shared engine from everyone else: hundreds
 * of swarms from one frame and from many frames, and a flood of relay/load. The engine's limits
 * (messaging/engine-limits.ts) and the relay's rate limit (messaging/frame-rate-limit.ts) hold, and a
 * second site still gets its swarm and its segments.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  launchWithExtension,
  TEST_EXTENSION_DIR,
  type ExtensionBrowser,
} from "../../../harness/browser/chromium";
import { ExtensionDriver, type FakeFrame } from "../../../harness/browser/extension-driver";
import { PageFrame } from "../../../harness/browser/page-frame";
import { ENGINE_LIMITS, FRAME_MESSAGES } from "../../../messaging/engine-limits";
import { startStreamFixture, type StreamFixture } from "../support/stream-fixture";

const HOSTILE_SITE = "https://hostile.example";

describe("a hostile page cannot starve the engine", () => {
  let fixture: StreamFixture;
  let browser: ExtensionBrowser;
  let driver: ExtensionDriver;

  beforeAll(async () => {
    fixture = await startStreamFixture({ seconds: 8 });
    browser = await launchWithExtension(TEST_EXTENSION_DIR);
    driver = new ExtensionDriver(browser.worker);
    await driver.preset(fixture.settings, [fixture.site, HOSTILE_SITE]);
  });

  afterAll(async () => {
    await browser.close();
    await fixture.close();
  });

  const swarmCount = async (site: string) => {
    const status = await driver.engineStatus();
    if (!status.ok) throw new Error(status.error);
    return status.swarms.filter((swarm) => swarm.site === site).length;
  };
  const loadOf = (swarmId: string) => ({
    type: "relay/load",
    swarmId,
    segments: fixture.queue.slice(0, 3),
  });

  it("holds one frame to its swarm limit, then the site to its own, however many it asks for", async () => {
    const frame: FakeFrame = { tabId: 21, frameId: 0, origin: HOSTILE_SITE };
    const replies = [];
    for (let index = 0; index < 40; index++) {
      replies.push(await driver.relay(loadOf(`hostile-${String(index)}`), frame));
    }
    const admitted = replies.filter((reply) => reply.ok).length;
    expect(admitted).toBe(ENGINE_LIMITS.swarmsPerFrame);
    expect(replies.at(-1)).toMatchObject({ ok: false, refusal: "engine-error" });
    expect(JSON.stringify(replies.at(-1))).toContain("frame-swarm-limit");

    // The same from 40 frames of the site (in 4 tabs): the site's limit holds.
    for (let index = 0; index < 40; index++) {
      const other: FakeFrame = { tabId: 22 + (index % 4), frameId: index, origin: HOSTILE_SITE };
      await driver.relay(loadOf(`hostile-frame-${String(index)}`), other);
    }
    expect(await swarmCount(HOSTILE_SITE)).toBe(ENGINE_LIMITS.swarmsPerSite);
  });

  it("refuses a flood of relay/load past the frame's burst", async () => {
    const frame: FakeFrame = { tabId: 30, frameId: 0, origin: HOSTILE_SITE };
    const replies = await driver.relayBurst(loadOf("hostile-0"), frame, FRAME_MESSAGES.burst * 3);
    const limited = replies.filter((reply) => !reply.ok && reply.refusal === "rate-limited");
    // The sends take a few ms at most, so about 2 x FRAME_MESSAGES.burst are refused; a slow machine refills
    // some tokens meanwhile, hence "at least FRAME_MESSAGES.burst".
    expect(limited.length).toBeGreaterThanOrEqual(FRAME_MESSAGES.burst);
    // Another frame of the same tab is not held back by it (a swarm the site already has).
    const sibling: FakeFrame = { tabId: 30, frameId: 1, origin: HOSTILE_SITE };
    expect(await driver.relay(loadOf("hostile-0"), sibling)).toEqual({ ok: true, type: "loaded" });
  });

  it("still serves another site: its swarm is admitted and its segments arrive", async () => {
    await driver.waitForPageScripts(`${fixture.site}/*`);
    const viewer = await PageFrame.open(browser.context, fixture.site);
    expect(
      await viewer.relay({ type: "relay/load", swarmId: "own", segments: fixture.queue }),
    ).toEqual({ ok: true, type: "loaded" });
    const first = fixture.queue[0];
    if (!first) throw new Error("empty stream");
    const reply = await viewer.relay({
      type: "relay/get-segment",
      swarmId: "own",
      segmentId: first.id,
      waitMs: 15_000,
    });
    expect(reply).toMatchObject({ ok: true, type: "segment" });
    await viewer.close();
  });
});
