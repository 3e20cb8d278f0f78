import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          environment: "node",
          include: [
            "core/**/*.test.ts",
            "background/**/*.test.{ts,tsx}",
            "popup/**/*.test.{ts,tsx}",
            "options/**/*.test.{ts,tsx}",
            "tests/unit/**/*.test.ts",
          ],
        },
      },
      {
        test: {
          name: "integration",
          environment: "node",
          include: ["tests/integration/**/*.test.ts"],
          // These start real trackers, HTTP servers and WebRTC peers (inside scripts/netns.sh).
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One file at a time: `fileParallelism` is a root-only option in vitest 3, so the project
          // gets the same effect from a single forked worker that runs its files in sequence.
          pool: "forks",
          poolOptions: { forks: { singleFork: true } },
        },
      },
    ],
  },
});
