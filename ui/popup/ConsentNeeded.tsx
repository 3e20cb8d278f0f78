import browser from "webextension-polyfill";
import { WELCOME_PAGE } from "../pages";

/** Before consent: a short explanation and the way to the welcome page, instead of controls. */
export function ConsentNeeded() {
  return (
    <section className="stack" aria-label="Consent needed">
      <p>
        PeerCast Video shares video with other viewers of the same stream. Sharing shows your IP
        address to them and uses some upload bandwidth.
      </p>
      <p className="muted">Nothing is shared until you review this and accept.</p>
      <button
        type="button"
        className="primary"
        onClick={() => {
          void browser.tabs.create({ url: browser.runtime.getURL(WELCOME_PAGE) }).then(() => {
            window.close();
          });
        }}
      >
        Review and accept
      </button>
    </section>
  );
}
