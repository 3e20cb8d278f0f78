import browser from "webextension-polyfill";
import { PRIVACY_PAGE } from "../pages";

/** What sharing means, in plain words: the welcome page's explanation (PRIVACY.md in short). */
export function SharingFacts() {
  return (
    <section className="card stack" aria-labelledby="facts-title">
      <h2 id="facts-title">What sharing means</h2>
      <ul className="facts">
        <li>
          <strong>Your IP address is visible</strong> to the other viewers you exchange video with,
          to the trackers that introduce you to them and to the STUN servers that tell your browser
          its public address. By default: the public trackers tracker.novage.com.ua and
          tracker.openwebtorrent.com, and STUN servers of Google and Twilio. You can change them in
          the settings.
        </li>
        <li>
          <strong>The trackers learn which video you watch.</strong> For each video you play on a
          site you switched on, they get a stream id: a hash of the site and the video’s address. It
          is the same for every viewer, so anyone who knows the site’s video addresses can tell
          which one it stands for. Other viewers in the same stream see that you watch it too.
        </li>
        <li>
          <strong>Your upload bandwidth is used</strong> to send pieces of the video to other
          viewers. You can switch on “Download only” at any time to stop uploading.
        </li>
        <li>
          <strong>Nothing else leaves your browser.</strong> No history, no other pages, no cookies
          or sign-in tokens, no analytics, no account. Recent pieces of video are kept in the
          browser for a few minutes to share them.
        </li>
        <li>
          <strong>Playback comes first.</strong> Anything peers cannot deliver in time comes from
          the site as usual, and a peer that breaks the protocol or sends the wrong amount of data
          is dropped.
        </li>
      </ul>
      <p className="muted">
        Nothing is shared until you accept below. You can turn it off for one site or everywhere
        from the toolbar button, or withdraw this consent in the settings. All the details:{" "}
        <a href={browser.runtime.getURL(PRIVACY_PAGE)} target="_blank" rel="noreferrer">
          privacy policy
        </a>
        .
      </p>
    </section>
  );
}
