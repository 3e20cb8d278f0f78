import { describe, expect, it } from "vitest";
import { stableKey } from "./url-key";
import { isTokenSegment } from "./url-tokens";

const key = (url: string): string => stableKey(new URL(url, "https://cdn.example"));

/** Per scheme: the query of one viewer and of another (different credentials, same video). */
const SIGNED: readonly (readonly [string, string, string])[] = [
  ["Akamai hdnts", "hdnts=exp=1~acl=/*~hmac=aa", "hdnts=exp=2~acl=/*~hmac=bb"],
  ["Akamai hdnea", "hdnea=st=1~exp=2~hmac=aa", "hdnea=st=3~exp=4~hmac=bb"],
  ["Akamai __token__", "__token__=exp=1~hmac=aa", "__token__=exp=2~hmac=bb"],
  [
    "CloudFront canned",
    "Expires=1700000000&Signature=aa&Key-Pair-Id=K1",
    "Expires=1700000999&Signature=bb&Key-Pair-Id=K2",
  ],
  [
    "CloudFront custom",
    "Policy=p1&Signature=aa&Key-Pair-Id=K1",
    "Policy=p2&Signature=bb&Key-Pair-Id=K1",
  ],
  [
    "S3 SigV4",
    "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=c1&X-Amz-Date=d1&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=aa",
    "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=c2&X-Amz-Date=d2&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=bb&X-Amz-Security-Token=t",
  ],
  ["S3 V2", "AWSAccessKeyId=A1&Expires=1&Signature=aa", "AWSAccessKeyId=A2&Expires=2&Signature=bb"],
  ["GCS V4", "X-Goog-Algorithm=x&X-Goog-Signature=aa", "X-Goog-Algorithm=x&X-Goog-Signature=bb"],
  [
    "Azure SAS",
    "sv=2022-11-02&sr=b&sp=r&st=2024-01-01&se=2024-01-02&spr=https&sig=aa",
    "sv=2022-11-02&sr=b&sp=r&st=2024-02-01&se=2024-02-02&spr=https&sip=1.2.3.4&sig=bb",
  ],
  ["nginx secure_link", "md5=aa&expires=1", "md5=bb&expires=2"],
  ["Wowza wmsAuthSign", "wmsAuthSign=aa", "wmsAuthSign=bb"],
  [
    "Wowza SecureToken",
    "wowzatokenhash=aa&wowzatokenstarttime=1&wowzatokenendtime=2",
    "wowzatokenhash=bb&wowzatokenstarttime=3&wowzatokenendtime=4",
  ],
  ["Tencent txSecret", "txSecret=aa&txTime=65A0", "txSecret=bb&txTime=65B0"],
  ["Tencent type D", "sign=aa&t=65A0", "sign=bb&t=65B0"],
  ["Alibaba type A", "auth_key=1-0-0-aa", "auth_key=2-0-0-bb"],
  ["generic token", "token=aa&expires=1", "token=bb&expires=2"],
  ["generic access_token", "access_token=aa", "access_token=bb"],
  ["generic jwt", "jwt=eyJa.eyJb.c", "jwt=eyJd.eyJe.f"],
  ["generic auth + exp", "auth=aa&exp=1", "auth=bb&exp=2"],
  ["generic hmac + hash", "hmac=aa&hash=h1&expiry=1", "hmac=bb&hash=h2&expiry=2"],
  ["generic session", "session=aa", "sessionid=bb"],
  ["upper case names", "TOKEN=aa", "Token=bb"],
];

describe("stableKey: known per-viewer tokens are dropped", () => {
  it.each(SIGNED)("%s: the same video with other credentials has one key", (_, one, other) => {
    expect(key(`/watch/master.m3u8?v=1001&${one}`)).toBe(key(`/watch/master.m3u8?${other}&v=1001`));
    const kept = key(`/watch/master.m3u8?v=1001&${one}`);
    expect(kept.startsWith("/watch/master.m3u8?")).toBe(true);
    expect(kept).toContain("v=1001");
  });

  it("drops the whole token, keeps what every viewer shares", () => {
    expect(key("/watch/master.m3u8?v=1001&token=aa&expires=1")).toBe("/watch/master.m3u8?v=1001");
    expect(key("/a/m.m3u8?sv=2022&sr=b&sp=r&se=2024&sig=aa")).toBe("/a/m.m3u8?sp=r&sr=b&sv=2022");
    expect(key("/a/m.m3u8?X-Amz-Signature=aa&X-Amz-Date=1")).toBe("/a/m.m3u8");
  });
});

describe("stableKey: everything else names the video and stays", () => {
  it("keeps UUIDs and long ids in the path, and every unknown parameter", () => {
    const uuid = "/videos/3f2b8c1e-9d4a-4e6b-8f0a-1c2d3e4f5a6b/master.m3u8";
    expect(key(uuid)).toBe(uuid);
    expect(key("/v/Zx81aQ0pLm3n4b5v6c7x8z9a0s1d2f3g/index.m3u8")).toBe(
      "/v/Zx81aQ0pLm3n4b5v6c7x8z9a0s1d2f3g/index.m3u8",
    );
    expect(key("/watch/master.m3u8?v=1001")).not.toBe(key("/watch/master.m3u8?v=2002"));
  });

  it("keeps a scheme's fields when its signature is absent (they may name the video)", () => {
    for (const query of ["expires=1", "st=30", "se=2", "t=10", "hash=abc", "policy=p", "exp=1"]) {
      expect(key(`/a/m.m3u8?${query}`)).toBe(`/a/m.m3u8?${query}`);
    }
    expect(key("/a/m.m3u8?sid=42")).toBe("/a/m.m3u8?sid=42");
  });

  it("sorts the kept parameters by name, so their order does not matter", () => {
    expect(key("/w/m.m3u8?v=1&lang=en&token=x")).toBe(key("/w/m.m3u8?lang=en&token=y&v=1"));
    expect(key("/w/m.m3u8?v=1&lang=en")).toBe("/w/m.m3u8?lang=en&v=1");
    expect(key("/w/m.m3u8?v=1&lang=en")).not.toBe(key("/w/m.m3u8?v=1&lang=fr"));
  });

  it("ignores the host and the fragment", () => {
    expect(stableKey(new URL("https://a.example/w/m.m3u8?v=1#t=5"))).toBe(
      stableKey(new URL("https://b.example/w/m.m3u8?v=1")),
    );
  });
});

describe("path tokens", () => {
  it.each([
    ["Akamai path token", "hdnts=exp=1700000000~acl=%2F*~hmac=9f8e"],
    ["Vimeo-style exp~acl~hmac", "exp=1700000000~acl=%2Fv%2F*~hmac=9f8e"],
    ["token=", "token=abc123"],
    ["JWT", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig_-123"],
  ])("%s is a token segment, replaced by *", (_, segment) => {
    expect(isTokenSegment(segment)).toBe(true);
    expect(key(`/${segment}/v/index.m3u8`)).toBe("/*/v/index.m3u8");
  });

  it.each(["id=1234", "3f2b8c1e-9d4a-4e6b-8f0a-1c2d3e4f5a6b", "~user", "a.b.c", "index.m3u8"])(
    "%s is not",
    (segment) => {
      expect(isTokenSegment(segment)).toBe(false);
    },
  );
});
