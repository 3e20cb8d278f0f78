/** The cache's storage kind: fixed by the engine (one IndexedDB shared by all tabs), shown only. */
export function CacheStorageInfo() {
  return (
    <div className="field" data-setting="storage">
      <div className="field-main">
        <span className="field-label" id="storage-kind-label">
          Storage
        </span>
        <span className="field-input" aria-labelledby="storage-kind-label">
          IndexedDB
          <span className="unit" />
        </span>
      </div>
      <p className="muted small">
        Segments are kept in one IndexedDB database in this browser profile, shared by all tabs. The
        engine offers no memory-only cache, so this cannot be changed.
      </p>
    </div>
  );
}
