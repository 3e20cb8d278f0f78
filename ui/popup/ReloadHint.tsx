import browser from "webextension-polyfill";

/** After a site was switched on or off: the page applies it on its next load. */
export function ReloadHint({ tabId }: { tabId: number }) {
  return (
    <div className="notice spread reload-hint" role="status">
      <span>Reload the page to apply.</span>
      <button
        type="button"
        onClick={() => {
          void browser.tabs.reload(tabId);
        }}
      >
        Reload page
      </button>
    </div>
  );
}
