import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ENGINE_LIMITS } from "../../messaging/engine-limits";
import { LimitsSection } from "./LimitsSection";

/** The value shown for a limit (`data-limit`), from the static markup. */
function shown(id: string): string | undefined {
  const html = renderToStaticMarkup(<LimitsSection />);
  const match = new RegExp(`data-limit="${id}"><dt>[^<]*</dt><dd>([^<]*)</dd>`).exec(html);
  return match?.[1];
}

describe("the options page's Limits", () => {
  it("states the engine-wide limits with their defaults", () => {
    expect(shown("queue-per-frame")).toBe(String(ENGINE_LIMITS.queuePerFrame));
    expect(shown("peers")).toBe("64");
    expect(shown("pending-offers")).toBe("20");
    expect(shown("concurrent-uploads")).toBe("32");
    expect(shown("upload-bandwidth")).toBe("No cap by default");
  });
});
