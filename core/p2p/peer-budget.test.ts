import { describe, expect, it } from "vitest";
import { ManualClock } from "../testing/manual-clock.js";
import { OFFER_TIMEOUT_MS, PeerBudget } from "./peer-budget.js";

const budget = (peers: number, pendingOffers: number) => {
  const clock = new ManualClock();
  return { clock, budget: new PeerBudget({ peers, pendingOffers }, clock) };
};

describe("PeerBudget", () => {
  it("grants peers up to the limit and takes each back once", () => {
    const { budget: shared } = budget(2, 5);
    const first = shared.takePeer();
    const second = shared.takePeer();
    expect(first && second).toBeTruthy();
    expect(shared.takePeer()).toBeUndefined();
    first?.();
    first?.();
    expect(shared.connected).toBe(1);
    expect(shared.takePeer()).toBeDefined();
  });

  it("grants offers up to the pending limit, and none past the peers left", () => {
    const { budget: shared } = budget(8, 6);
    expect(shared.takeOffers(5).count).toBe(5);
    expect(shared.takeOffers(5).count).toBe(1);
    expect(shared.takePending()).toBeUndefined();
    const full = budget(3, 20).budget;
    full.takePeer();
    full.takePeer();
    // One peer left: one offer, since an answered offer becomes a peer.
    expect(full.takeOffers(5).count).toBe(1);
    expect(full.takeOffers(5).count).toBe(0);
  });

  it("gives back at once the offers the tracker did not deliver, the rest at OFFER_TIMEOUT_MS", async () => {
    const { clock, budget: shared } = budget(64, 20);
    const offers = shared.takeOffers(5);
    offers.trim(2);
    expect(shared.pending).toBe(2);
    await clock.advance(OFFER_TIMEOUT_MS - 1);
    expect(shared.pending).toBe(2);
    await clock.advance(1);
    expect(shared.pending).toBe(0);
    expect(offers.held).toBe(0);
  });

  it("keeps an answered offer pending until its connection is released, past the timeout", async () => {
    const { clock, budget: shared } = budget(64, 20);
    const offers = shared.takeOffers(3);
    const answered = offers.claim();
    // Answered before the tracker's reply: it was among those delivered.
    offers.trim(2);
    expect(offers.held).toBe(1);
    await clock.advance(OFFER_TIMEOUT_MS);
    expect(shared.pending).toBe(1);
    answered?.();
    answered?.();
    expect(shared.pending).toBe(0);
    expect(offers.claim()).toBeUndefined();
  });

  it("gives every held offer back when cancelled", () => {
    const { budget: shared } = budget(64, 20);
    const offers = shared.takeOffers(5);
    offers.cancel();
    expect(shared.pending).toBe(0);
    expect(shared.takeOffers(30).count).toBe(20);
  });
});
