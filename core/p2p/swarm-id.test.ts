import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createPeerId, swarmInfoHash } from "./swarm-id.js";
import { PROTOCOL_VERSION } from "./wire.js";

const HEX40 = /^[0-9a-f]{40}$/;
/** "-PV0002-" in hex (the protocol version in four digits). */
const PREFIX_HEX = "2d5056303030322d";

describe("swarmInfoHash", () => {
  it("is 40 lowercase hex chars", async () => {
    for (const id of ["", "a", "https://cdn.example/master.m3u8+v1", "ü😀".repeat(100)]) {
      expect(await swarmInfoHash(id)).toMatch(HEX40);
    }
  });

  it("is stable for a swarm id", async () => {
    const id = "https://cdn.example/live/master.m3u8";
    expect(await swarmInfoHash(id)).toBe(await swarmInfoHash(id));
  });

  it("differs between swarm ids", async () => {
    const ids = ["a", "b", "A", "a ", "swarm-1", "swarm-2", "https://x/1.m3u8", "https://x/2.m3u8"];
    const hashes = await Promise.all(ids.map((id) => swarmInfoHash(id)));
    expect(new Set(hashes).size).toBe(ids.length);
  });

  it("is the SHA-1 of the swarm id tagged with the protocol version, not of the id alone", async () => {
    const id = "swarm-42";
    const sha1 = (input: string) => createHash("sha1").update(input, "utf8").digest("hex");
    expect(PROTOCOL_VERSION).toBe(2);
    expect(await swarmInfoHash(id)).toBe(sha1(`p2pv:v2:${id}`));
    expect(await swarmInfoHash(id)).not.toBe(sha1(id));
  });
});

describe("createPeerId", () => {
  it("is 40 hex chars starting with the hex of -PV0002-", () => {
    const peerId = createPeerId((length) => new Uint8Array(length).fill(0xab));
    expect(peerId).toMatch(HEX40);
    expect(peerId.startsWith(PREFIX_HEX)).toBe(true);
  });

  it("asks for 12 random bytes and uses them for the rest", () => {
    const requested: number[] = [];
    const peerId = createPeerId((length) => {
      requested.push(length);
      return Uint8Array.from({ length }, (_, index) => index * 17 + 1);
    });
    expect(requested).toEqual([12]);
    expect(peerId).toBe(PREFIX_HEX + "0112233445566778899aabbc");
  });

  it("different random bytes give different ids", () => {
    let seed = 0;
    const ids = Array.from({ length: 20 }, () => {
      seed++;
      return createPeerId((length) => new Uint8Array(length).fill(seed));
    });
    expect(new Set(ids).size).toBe(20);
  });

  it("pads small bytes to two hex digits", () => {
    expect(createPeerId((length) => new Uint8Array(length))).toBe(PREFIX_HEX + "0".repeat(24));
  });
});
