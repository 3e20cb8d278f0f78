/**
 * What a Chromium process's own memory is made of, by allocator, from Chromium's memory-infra:
 * a detailed memory dump taken through the DevTools protocol's Tracing domain on the browser
 * target. The top levels name who holds the bytes: `partition_alloc/partitions/array_buffer`
 * (ArrayBuffers, so segment bytes), `partition_alloc/partitions/buffer` (Blink's buffers, among
 * them structured-clone and IndexedDB values in flight), `malloc` (C++ heaps: WebRTC, IPC),
 * `v8` (JS heaps), `blink_gc` (DOM objects), `shared_memory`.
 *
 * Chromium resets a process's peak RSS (VmHWM) when it dumps, so take peaks before dumping.
 */
import type { CDPSession } from "playwright-core";

/** Bytes per allocator name (e.g. "malloc", "partition_alloc/partitions/array_buffer"). */
export type AllocatorSizes = Map<string, number>;

interface TraceEvent {
  pid?: number;
  args?: {
    dumps?: {
      allocators?: Record<string, { attrs?: { size?: { units?: string; value?: string } } }>;
    };
  };
}

/** One detailed dump of every process of the browser, by process id. */
export async function dumpAllocators(session: CDPSession): Promise<Map<number, AllocatorSizes>> {
  const events: TraceEvent[] = [];
  const onData = (event: { value: TraceEvent[] }) => {
    events.push(...event.value);
  };
  session.on("Tracing.dataCollected", onData);
  const complete = new Promise<void>((resolve) => {
    session.once("Tracing.tracingComplete", () => {
      resolve();
    });
  });
  try {
    await session.send("Tracing.start", {
      traceConfig: { includedCategories: ["disabled-by-default-memory-infra"] },
      transferMode: "ReportEvents",
    });
    const { success } = await session.send("Tracing.requestMemoryDump", {
      deterministic: false,
      levelOfDetail: "detailed",
    });
    await session.send("Tracing.end");
    await complete;
    if (!success) throw new Error("Chromium did not take the memory dump");
  } finally {
    session.off("Tracing.dataCollected", onData);
  }
  const byProcess = new Map<number, AllocatorSizes>();
  for (const { pid, args } of events) {
    const allocators = args?.dumps?.allocators;
    if (pid === undefined || allocators === undefined) continue;
    const sizes = byProcess.get(pid) ?? new Map<string, number>();
    for (const [name, { attrs }] of Object.entries(allocators)) {
      if (attrs?.size?.units === "bytes" && attrs.size.value !== undefined) {
        sizes.set(name, parseInt(attrs.size.value, 16));
      }
    }
    byProcess.set(pid, sizes);
  }
  return byProcess;
}

/** The allocators worth reading: the whole of each, and where ArrayBuffers and buffers sit. */
export const MAIN_ALLOCATORS = [
  "partition_alloc/partitions/array_buffer",
  "partition_alloc/partitions/buffer",
  "partition_alloc",
  "malloc",
  "v8",
  "blink_gc",
  "shared_memory",
] as const;
