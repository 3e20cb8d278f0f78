import { afterEach, describe, expect, it, vi } from "vitest";
import { PendingReplies } from "./pending-replies";

afterEach(() => {
  vi.useRealTimers();
});

describe("PendingReplies", () => {
  it("matches replies by id, once each", async () => {
    const replies = new PendingReplies<string>();
    const a = replies.open();
    const b = replies.open();
    expect(a.id).not.toBe(b.id);
    expect(replies.settle(b.id, "b")).toBe(true);
    expect(replies.settle(b.id, "again")).toBe(false);
    expect(replies.settle(999, "nobody")).toBe(false);
    expect(replies.settle(replies.unanswered(), "no one waits")).toBe(false);
    expect(await b.reply).toBe("b");
    expect(replies.size).toBe(1);
    replies.settleAll("gone");
    expect(await a.reply).toBe("gone");
    expect(replies.size).toBe(0);
  });

  it("lets a timer decide, and a new timer replace the old one", async () => {
    vi.useFakeTimers();
    const replies = new PendingReplies<string>();
    const expired: number[] = [];
    const timeout = (ms: number) => ({
      ms,
      onExpire: (id: number) => {
        expired.push(id);
        replies.settle(id, "timed out");
      },
    });
    const request = replies.open(timeout(1000));
    vi.advanceTimersByTime(900);
    expect(replies.extend(request.id, timeout(5000))).toBe(true);
    vi.advanceTimersByTime(4000);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(1000);
    expect(expired).toEqual([request.id]);
    expect(await request.reply).toBe("timed out");
    // A settled request's timer is gone.
    const settled = replies.open(timeout(10));
    replies.settle(settled.id, "ok");
    vi.advanceTimersByTime(100);
    expect(expired).toEqual([request.id]);
  });
});
