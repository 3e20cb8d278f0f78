import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          environment: "node",
          // Unit tests run on virtual time; the slowest takes ~1.2 s on an idle 2-core machine. The
          // limit is far above that so a loaded CI box (several files at once, stress-ng) never
          // comes near it; vitest's 5 s default did.
          testTimeout: 30_000,
          // The UI's t() without browser.i18n: the English messages.
          setupFiles: ["tests/unit/i18n-setup.ts"],
          include: [
            "core/**/*.test.ts",
            "sim/**/*.test.ts",
            "background/**/*.test.{ts,tsx}",
            "popup/**/*.test.{ts,tsx}",
            "options/**/*.test.{ts,tsx}",
            "tests/unit/**/*.test.ts",
            "hook/**/*.test.ts",
            "engine/**/*.test.ts",
            "messaging/**/*.test.ts",
            "content/**/*.test.ts",
            "ui/**/*.test.{ts,tsx}",
          ],
        },
      },
      {
        test: {
          name: "browser",
          environment: "node",
          include: ["tests/browser/**/*.test.ts"],
          // Real Chromium (and later Firefox) driven by playwright-core, inside scripts/netns.sh.
          testTimeout: 90_000,
          hookTimeout: 90_000,
          pool: "forks",
          poolOptions: { forks: { singleFork: true } },
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
