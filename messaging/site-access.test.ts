import { describe, expect, it } from "vitest";
import { allowsSite, originPattern } from "./site-access";

describe("originPattern", () => {
  it("writes the port out, so the pattern covers that one origin and no other port of the host", () => {
    expect(originPattern("https://video.example")).toBe("https://video.example:443/*");
    expect(originPattern("http://video.example")).toBe("http://video.example:80/*");
    expect(originPattern("http://127.0.0.1:8080")).toBe("http://127.0.0.1:8080/*");
    expect(originPattern("http://[::1]:8080")).toBe("http://[::1]:8080/*");
  });

  it("matches the rule the relay applies: another port is another site", () => {
    const access = { consented: true, everywhere: false, sites: ["https://video.example"] };
    expect(allowsSite(access, "https://video.example")).toBe(true);
    expect(allowsSite(access, "https://video.example:8443")).toBe(false);
  });
});
