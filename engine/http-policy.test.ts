import { describe, expect, it } from "vitest";
import { isPrivateHost, refuseUrl } from "./http-policy";

const host = (url: string) => new URL(url).hostname;

describe("isPrivateHost", () => {
  it("knows loopback, private, link-local and unique-local hosts in every spelling", () => {
    for (const url of [
      "http://127.0.0.1/",
      "http://2130706433/", // 127.0.0.1 as one number: the URL parser normalises it
      "http://0x7f.1/",
      "http://[::1]/",
      "http://[::]/",
      "http://[::ffff:127.0.0.1]/",
      "http://[::ffff:10.1.2.3]/",
      "http://[::ffff:c0a8:101]/",
      "http://10.0.0.1/",
      "http://172.20.1.1/",
      "http://192.168.1.1/",
      "http://169.254.169.254/",
      "http://[fd00::1]/",
      "http://[fe80::1]/",
      "http://localhost/",
      "http://a.localhost/",
    ]) {
      expect(isPrivateHost(host(url)), url).toBe(true);
    }
  });

  it("leaves public hosts alone", () => {
    for (const url of [
      "https://cdn.example/",
      "http://8.8.8.8/",
      "http://[2001:db8::1]/",
      "http://[::ffff:8.8.8.8]/",
    ]) {
      expect(isPrivateHost(host(url)), url).toBe(false);
    }
  });
});

describe("refuseUrl", () => {
  const queued = () => true;
  it("refuses a private host for a public site, a downgrade, and what is not queued", () => {
    expect(refuseUrl("https://site.example", "https://[::ffff:127.0.0.1]/a.ts", queued)).toBe(
      "private address for a public site",
    );
    expect(refuseUrl("https://site.example", "http://cdn.example/a.ts", queued)).toBe(
      "downgrade to http",
    );
    expect(refuseUrl("https://site.example", "https://cdn.example/a.ts", () => false)).toBe(
      "not in the site's queue",
    );
    expect(refuseUrl("http://127.0.0.1:8080", "http://127.0.0.1:9/a.ts", queued)).toBeUndefined();
  });
});
