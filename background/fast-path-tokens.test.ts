import { describe, expect, it } from "vitest";
import { fastPathTokenSchema } from "../messaging/fast-path";
import { FastPathTokens } from "./fast-path-tokens";

const client = (tabId: number, site = "https://a.example") => ({ tabId, frameId: 0, site });

describe("fast-path tokens", () => {
  it("redeems a token once, for the client it was issued to", () => {
    const tokens = new FastPathTokens();
    const token = tokens.issue(client(1));
    expect(fastPathTokenSchema.safeParse(token).success).toBe(true);
    expect(tokens.redeem(token)).toEqual(client(1));
    expect(tokens.redeem(token)).toBeUndefined();
    expect(tokens.counts).toEqual({ issued: 1, redeemed: 1, refused: 1 });
  });

  it("gives nothing for a made-up, expired or forgotten token", () => {
    let now = 0;
    const tokens = new FastPathTokens(() => now);
    expect(tokens.redeem("0".repeat(32))).toBeUndefined();
    const late = tokens.issue(client(1));
    now = 15_001;
    expect(tokens.redeem(late)).toBeUndefined();
    const gone = tokens.issue(client(2));
    tokens.forgetTab(2);
    expect(tokens.redeem(gone)).toBeUndefined();
    expect(tokens.counts.refused).toBe(3);
  });

  it("issues different tokens and keeps at most 256 outstanding", () => {
    const tokens = new FastPathTokens();
    const issued = Array.from({ length: 300 }, (_, index) => tokens.issue(client(index)));
    expect(new Set(issued).size).toBe(300);
    expect(tokens.redeem(issued[0] ?? "")).toBeUndefined();
    expect(tokens.redeem(issued[299] ?? "")).toEqual(client(299));
  });
});
