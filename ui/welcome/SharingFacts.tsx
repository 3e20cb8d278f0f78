/** What sharing means, in plain words: the welcome page's explanation. */
export function SharingFacts() {
  return (
    <section className="card stack" aria-labelledby="facts-title">
      <h2 id="facts-title">What sharing means</h2>
      <ul className="facts">
        <li>
          <strong>Your IP address is visible</strong> to the other viewers you exchange video with
          and to the tracker that introduces you to them.
        </li>
        <li>
          <strong>Your upload bandwidth is used</strong> to send pieces of the video to other
          viewers. You can switch on “Download only” at any time to stop uploading.
        </li>
        <li>
          <strong>What you watch stays in your browser.</strong> The only thing sent out is a stream
          identifier (a hash) to the tracker, so viewers of the same video can find each other. No
          page addresses, no history, no account.
        </li>
        <li>
          <strong>Playback comes first.</strong> Anything peers cannot deliver in time comes from
          the site as usual, and a peer that breaks the protocol or sends the wrong amount of data
          is dropped.
        </li>
      </ul>
      <p className="muted">
        Nothing is shared until you accept below. You can turn it off for one site or everywhere
        from the toolbar button, or withdraw this consent in the settings.
      </p>
    </section>
  );
}
