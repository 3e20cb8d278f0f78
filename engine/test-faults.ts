/**
 * Test builds only (scripts/make-test-build.ts bundles the engine with `__P2PV_TEST_BUILD__`
 * true; in the store build the call in offscreen-page.ts is dead code and esbuild drops this
 * module): faults the browser tests cannot cause from outside, switched on per browser profile
 * by an extension page writing `localStorage[STORAGE_FAULT_KEY]` before the engine starts.
 *
 * - "unavailable": IndexedDB will not open (as with IndexedDB disabled, or a broken profile).
 * - "quota": every write to IndexedDB throws QuotaExceededError (a full disk).
 */
export const STORAGE_FAULT_KEY = "p2pv-test-storage-fault";

export type StorageFault = "unavailable" | "quota";

/** Installs the fault the profile asks for, if any; returns it. */
export function installStorageFault(): StorageFault | undefined {
  const fault = localStorage.getItem(STORAGE_FAULT_KEY);
  if (fault === "unavailable") {
    indexedDB.open = () => {
      throw new DOMException("IndexedDB is disabled (test fault)", "InvalidStateError");
    };
    return fault;
  }
  if (fault === "quota") {
    const full = () => {
      throw new DOMException("The disk is full (test fault)", "QuotaExceededError");
    };
    IDBObjectStore.prototype.put = full;
    IDBObjectStore.prototype.add = full;
    return fault;
  }
  return undefined;
}
