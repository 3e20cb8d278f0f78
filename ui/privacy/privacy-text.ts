// Generated from PRIVACY.md by scripts/make-privacy-text.ts (npm run privacy:sync): do not edit.
import type { Token } from "marked";

export const PRIVACY_TOKENS: Token[] = [
  {
    type: "heading",
    raw: "",
    depth: 1,
    text: "Privacy policy",
    tokens: [{ type: "text", raw: "", text: "Privacy policy", escaped: false }],
  },
  { type: "space", raw: "" },
  {
    type: "paragraph",
    raw: "",
    text: "PeerCast Video fetches the HLS and DASH video of the sites you switch it on for partly from other\nviewers of the same video. To find them and exchange video with them it has to send some things\nout of your browser. This page lists all of them: what, to whom, why, and for how long. It applies\nto version 0.1.0 and later; a change to what leaves your browser changes this page first.",
    tokens: [
      {
        type: "text",
        raw: "",
        text: "PeerCast Video fetches the HLS and DASH video of the sites you switch it on for partly from other\nviewers of the same video. To find them and exchange video with them it has to send some things\nout of your browser. This page lists all of them: what, to whom, why, and for how long. It applies\nto version 0.1.0 and later; a change to what leaves your browser changes this page first.",
        escaped: false,
      },
    ],
  },
  { type: "space", raw: "" },
  {
    type: "paragraph",
    raw: "",
    text: 'Nothing leaves your browser before you accept on the first-run page, and nothing happens on a site\nyou did not switch on (or, in the "Everywhere" mode, before you chose it). There is no account, no\nanalytics, no telemetry, no advertising, and no server of ours: the extension talks only to the\nparties below.',
    tokens: [
      {
        type: "text",
        raw: "",
        text: 'Nothing leaves your browser before you accept on the first-run page, and nothing happens on a site\nyou did not switch on (or, in the "Everywhere" mode, before you chose it). There is no account, no\nanalytics, no telemetry, no advertising, and no server of ours: the extension talks only to the\nparties below.',
        escaped: false,
      },
    ],
  },
  { type: "space", raw: "" },
  {
    type: "heading",
    raw: "",
    depth: 2,
    text: "What leaves your browser",
    tokens: [{ type: "text", raw: "", text: "What leaves your browser", escaped: false }],
  },
  { type: "space", raw: "" },
  {
    type: "table",
    raw: "",
    header: [
      {
        text: "what",
        tokens: [{ type: "text", raw: "", text: "what", escaped: false }],
        header: true,
        align: null,
      },
      {
        text: "to whom",
        tokens: [{ type: "text", raw: "", text: "to whom", escaped: false }],
        header: true,
        align: null,
      },
      {
        text: "why",
        tokens: [{ type: "text", raw: "", text: "why", escaped: false }],
        header: true,
        align: null,
      },
    ],
    align: [null, null, null],
    rows: [
      [
        {
          text: "Your **IP address** (and the port of each connection)",
          tokens: [
            { type: "text", raw: "", text: "Your ", escaped: false },
            {
              type: "strong",
              raw: "",
              text: "IP address",
              tokens: [{ type: "text", raw: "", text: "IP address", escaped: false }],
            },
            { type: "text", raw: "", text: " (and the port of each connection)", escaped: false },
          ],
          header: false,
          align: null,
        },
        {
          text: "the trackers, the STUN servers and each peer you connect with",
          tokens: [
            {
              type: "text",
              raw: "",
              text: "the trackers, the STUN servers and each peer you connect with",
              escaped: false,
            },
          ],
          header: false,
          align: null,
        },
        {
          text: "Every internet connection shows it. Peers need it to connect to you directly (WebRTC).",
          tokens: [
            {
              type: "text",
              raw: "",
              text: "Every internet connection shows it. Peers need it to connect to you directly (WebRTC).",
              escaped: false,
            },
          ],
          header: false,
          align: null,
        },
      ],
      [
        {
          text: "A **swarm id** for each video you play on a switched-on site: a 40-character hash of the site's address and the video's address on that site (its path, without sign-in or session tokens)",
          tokens: [
            { type: "text", raw: "", text: "A ", escaped: false },
            {
              type: "strong",
              raw: "",
              text: "swarm id",
              tokens: [{ type: "text", raw: "", text: "swarm id", escaped: false }],
            },
            {
              type: "text",
              raw: "",
              text: " for each video you play on a switched-on site: a 40-character hash of the site's address and the video's address on that site (its path, without sign-in or session tokens)",
              escaped: false,
            },
          ],
          header: false,
          align: null,
        },
        {
          text: "the trackers",
          tokens: [{ type: "text", raw: "", text: "the trackers", escaped: false }],
          header: false,
          align: null,
        },
        {
          text: "So the tracker can introduce viewers of the same video to each other.",
          tokens: [
            {
              type: "text",
              raw: "",
              text: "So the tracker can introduce viewers of the same video to each other.",
              escaped: false,
            },
          ],
          header: false,
          align: null,
        },
      ],
      [
        {
          text: "A **random peer id**, new for every video you play",
          tokens: [
            { type: "text", raw: "", text: "A ", escaped: false },
            {
              type: "strong",
              raw: "",
              text: "random peer id",
              tokens: [{ type: "text", raw: "", text: "random peer id", escaped: false }],
            },
            { type: "text", raw: "", text: ", new for every video you play", escaped: false },
          ],
          header: false,
          align: null,
        },
        {
          text: "the trackers and your peers",
          tokens: [{ type: "text", raw: "", text: "the trackers and your peers", escaped: false }],
          header: false,
          align: null,
        },
        {
          text: "To tell connections apart. It is not linked to you or to your other videos.",
          tokens: [
            {
              type: "text",
              raw: "",
              text: "To tell connections apart. It is not linked to you or to your other videos.",
              escaped: false,
            },
          ],
          header: false,
          align: null,
        },
      ],
      [
        {
          text: "**Connection offers** (WebRTC session descriptions, which contain your IP addresses)",
          tokens: [
            {
              type: "strong",
              raw: "",
              text: "Connection offers",
              tokens: [{ type: "text", raw: "", text: "Connection offers", escaped: false }],
            },
            {
              type: "text",
              raw: "",
              text: " (WebRTC session descriptions, which contain your IP addresses)",
              escaped: false,
            },
          ],
          header: false,
          align: null,
        },
        {
          text: "the trackers, which pass them to other viewers of that video",
          tokens: [
            {
              type: "text",
              raw: "",
              text: "the trackers, which pass them to other viewers of that video",
              escaped: false,
            },
          ],
          header: false,
          align: null,
        },
        {
          text: "How two browsers set up a direct connection.",
          tokens: [
            {
              type: "text",
              raw: "",
              text: "How two browsers set up a direct connection.",
              escaped: false,
            },
          ],
          header: false,
          align: null,
        },
      ],
      [
        {
          text: '**Which pieces of the video you hold or are receiving** (their ids), whether you upload ("Download only" off or on), and a SHA-256 checksum of pieces you fetched from the site',
          tokens: [
            {
              type: "strong",
              raw: "",
              text: "Which pieces of the video you hold or are receiving",
              tokens: [
                {
                  type: "text",
                  raw: "",
                  text: "Which pieces of the video you hold or are receiving",
                  escaped: false,
                },
              ],
            },
            {
              type: "text",
              raw: "",
              text: ' (their ids), whether you upload ("Download only" off or on), and a SHA-256 checksum of pieces you fetched from the site',
              escaped: false,
            },
          ],
          header: false,
          align: null,
        },
        {
          text: "your peers (viewers of the same video)",
          tokens: [
            {
              type: "text",
              raw: "",
              text: "your peers (viewers of the same video)",
              escaped: false,
            },
          ],
          header: false,
          align: null,
        },
        {
          text: "So peers can ask each other for the pieces they need and check them.",
          tokens: [
            {
              type: "text",
              raw: "",
              text: "So peers can ask each other for the pieces they need and check them.",
              escaped: false,
            },
          ],
          header: false,
          align: null,
        },
      ],
      [
        {
          text: "**Pieces of the video** you have received (the same bytes the site sends to everyone)",
          tokens: [
            {
              type: "strong",
              raw: "",
              text: "Pieces of the video",
              tokens: [{ type: "text", raw: "", text: "Pieces of the video", escaped: false }],
            },
            {
              type: "text",
              raw: "",
              text: " you have received (the same bytes the site sends to everyone)",
              escaped: false,
            },
          ],
          header: false,
          align: null,
        },
        {
          text: 'your peers, when they ask, unless "Download only" is on',
          tokens: [
            {
              type: "text",
              raw: "",
              text: 'your peers, when they ask, unless "Download only" is on',
              escaped: false,
            },
          ],
          header: false,
          align: null,
        },
        {
          text: "This is the sharing itself.",
          tokens: [{ type: "text", raw: "", text: "This is the sharing itself.", escaped: false }],
          header: false,
          align: null,
        },
      ],
      [
        {
          text: 'An address request (a STUN "binding request", with no content)',
          tokens: [
            {
              type: "text",
              raw: "",
              text: 'An address request (a STUN "binding request", with no content)',
              escaped: false,
            },
          ],
          header: false,
          align: null,
        },
        {
          text: "the STUN servers",
          tokens: [{ type: "text", raw: "", text: "the STUN servers", escaped: false }],
          header: false,
          align: null,
        },
        {
          text: "To learn the public address peers can reach you at.",
          tokens: [
            {
              type: "text",
              raw: "",
              text: "To learn the public address peers can reach you at.",
              escaped: false,
            },
          ],
          header: false,
          align: null,
        },
      ],
    ],
  },
  { type: "space", raw: "" },
  {
    type: "paragraph",
    raw: "",
    text: "The site itself sees what it sees without the extension: your player's requests. The extension\nfetches video from the site only through a page of that site, with the site's own rules; it may\nfetch a piece a little before your player needs it, to share it.",
    tokens: [
      {
        type: "text",
        raw: "",
        text: "The site itself sees what it sees without the extension: your player's requests. The extension\nfetches video from the site only through a page of that site, with the site's own rules; it may\nfetch a piece a little before your player needs it, to share it.",
        escaped: false,
      },
    ],
  },
  { type: "space", raw: "" },
  {
    type: "paragraph",
    raw: "",
    text: '**What a tracker or a peer can learn from this.** A peer in the same swarm knows your IP address\nis watching that video, and which parts of it you hold. A tracker sees your IP address and the\nswarm ids you join. A swarm id is not a secret: it is the same for everyone watching the same\nvideo on the same site, so anyone who knows (or lists) a site\'s video addresses can compute the\nswarm id of each and tell which of them your IP address is watching. Anyone who can watch the\nvideo can also join its swarm and see the IP addresses in it. This is how peer-to-peer sharing\nworks; we say it plainly so you can decide per site. Why the swarm id is not made harder to\nguess: see "Swarm ids" below.',
    tokens: [
      {
        type: "strong",
        raw: "",
        text: "What a tracker or a peer can learn from this.",
        tokens: [
          {
            type: "text",
            raw: "",
            text: "What a tracker or a peer can learn from this.",
            escaped: false,
          },
        ],
      },
      {
        type: "text",
        raw: "",
        text: ' A peer in the same swarm knows your IP address\nis watching that video, and which parts of it you hold. A tracker sees your IP address and the\nswarm ids you join. A swarm id is not a secret: it is the same for everyone watching the same\nvideo on the same site, so anyone who knows (or lists) a site\'s video addresses can compute the\nswarm id of each and tell which of them your IP address is watching. Anyone who can watch the\nvideo can also join its swarm and see the IP addresses in it. This is how peer-to-peer sharing\nworks; we say it plainly so you can decide per site. Why the swarm id is not made harder to\nguess: see "Swarm ids" below.',
        escaped: false,
      },
    ],
  },
  { type: "space", raw: "" },
  {
    type: "paragraph",
    raw: "",
    text: "What never leaves your browser: your browsing history, the pages you visit, cookies, sign-in\ntokens in video addresses, your settings, and anything from a site you did not switch on.",
    tokens: [
      {
        type: "text",
        raw: "",
        text: "What never leaves your browser: your browsing history, the pages you visit, cookies, sign-in\ntokens in video addresses, your settings, and anything from a site you did not switch on.",
        escaped: false,
      },
    ],
  },
  { type: "space", raw: "" },
  {
    type: "heading",
    raw: "",
    depth: 2,
    text: "Who receives it by default",
    tokens: [{ type: "text", raw: "", text: "Who receives it by default", escaped: false }],
  },
  { type: "space", raw: "" },
  {
    type: "table",
    raw: "",
    header: [
      { text: "", tokens: [], header: true, align: null },
      {
        text: "address",
        tokens: [{ type: "text", raw: "", text: "address", escaped: false }],
        header: true,
        align: null,
      },
      {
        text: "run by",
        tokens: [{ type: "text", raw: "", text: "run by", escaped: false }],
        header: true,
        align: null,
      },
    ],
    align: [null, null, null],
    rows: [
      [
        {
          text: "tracker",
          tokens: [{ type: "text", raw: "", text: "tracker", escaped: false }],
          header: false,
          align: null,
        },
        {
          text: "`wss://tracker.novage.com.ua`",
          tokens: [{ type: "codespan", raw: "", text: "wss://tracker.novage.com.ua" }],
          header: false,
          align: null,
        },
        {
          text: "Novage, the makers of P2P Media Loader (a public WebTorrent tracker)",
          tokens: [
            {
              type: "text",
              raw: "",
              text: "Novage, the makers of P2P Media Loader (a public WebTorrent tracker)",
              escaped: false,
            },
          ],
          header: false,
          align: null,
        },
      ],
      [
        {
          text: "tracker",
          tokens: [{ type: "text", raw: "", text: "tracker", escaped: false }],
          header: false,
          align: null,
        },
        {
          text: "`wss://tracker.openwebtorrent.com`",
          tokens: [{ type: "codespan", raw: "", text: "wss://tracker.openwebtorrent.com" }],
          header: false,
          align: null,
        },
        {
          text: "the OpenWebTorrent project (a public WebTorrent tracker)",
          tokens: [
            {
              type: "text",
              raw: "",
              text: "the OpenWebTorrent project (a public WebTorrent tracker)",
              escaped: false,
            },
          ],
          header: false,
          align: null,
        },
      ],
      [
        {
          text: "STUN server",
          tokens: [{ type: "text", raw: "", text: "STUN server", escaped: false }],
          header: false,
          align: null,
        },
        {
          text: "`stun:stun.l.google.com:19302`",
          tokens: [{ type: "codespan", raw: "", text: "stun:stun.l.google.com:19302" }],
          header: false,
          align: null,
        },
        {
          text: "Google",
          tokens: [{ type: "text", raw: "", text: "Google", escaped: false }],
          header: false,
          align: null,
        },
      ],
      [
        {
          text: "STUN server",
          tokens: [{ type: "text", raw: "", text: "STUN server", escaped: false }],
          header: false,
          align: null,
        },
        {
          text: "`stun:global.stun.twilio.com:3478`",
          tokens: [{ type: "codespan", raw: "", text: "stun:global.stun.twilio.com:3478" }],
          header: false,
          align: null,
        },
        {
          text: "Twilio",
          tokens: [{ type: "text", raw: "", text: "Twilio", escaped: false }],
          header: false,
          align: null,
        },
      ],
      [
        {
          text: "peers",
          tokens: [{ type: "text", raw: "", text: "peers", escaped: false }],
          header: false,
          align: null,
        },
        {
          text: "other viewers of the same video",
          tokens: [
            { type: "text", raw: "", text: "other viewers of the same video", escaped: false },
          ],
          header: false,
          align: null,
        },
        {
          text: "whoever they are: anyone who plays the same video with a compatible app",
          tokens: [
            {
              type: "text",
              raw: "",
              text: "whoever they are: anyone who plays the same video with a compatible app",
              escaped: false,
            },
          ],
          header: false,
          align: null,
        },
      ],
    ],
  },
  { type: "space", raw: "" },
  {
    type: "paragraph",
    raw: "",
    text: "We have no agreement with these operators; their own policies say what they log and for how long.\nA tracker needs your address and swarm ids only while you watch, but we cannot promise what it\nkeeps.",
    tokens: [
      {
        type: "text",
        raw: "",
        text: "We have no agreement with these operators; their own policies say what they log and for how long.\nA tracker needs your address and swarm ids only while you watch, but we cannot promise what it\nkeeps.",
        escaped: false,
      },
    ],
  },
  { type: "space", raw: "" },
  {
    type: "paragraph",
    raw: "",
    text: '**To change them:** open the extension\'s settings, where the trackers and the STUN and TURN\nservers are listed: remove any, or add your own (a tracker you run, for example). At least one\ntracker stays listed; to contact none, switch "Exchange video with other viewers" off: then video\ncomes from the site as usual.',
    tokens: [
      {
        type: "strong",
        raw: "",
        text: "To change them:",
        tokens: [{ type: "text", raw: "", text: "To change them:", escaped: false }],
      },
      {
        type: "text",
        raw: "",
        text: ' open the extension\'s settings, where the trackers and the STUN and TURN\nservers are listed: remove any, or add your own (a tracker you run, for example). At least one\ntracker stays listed; to contact none, switch "Exchange video with other viewers" off: then video\ncomes from the site as usual.',
        escaped: false,
      },
    ],
  },
  { type: "space", raw: "" },
  {
    type: "heading",
    raw: "",
    depth: 2,
    text: "What is stored in your browser",
    tokens: [{ type: "text", raw: "", text: "What is stored in your browser", escaped: false }],
  },
  { type: "space", raw: "" },
  {
    type: "table",
    raw: "",
    header: [
      {
        text: "what",
        tokens: [{ type: "text", raw: "", text: "what", escaped: false }],
        header: true,
        align: null,
      },
      {
        text: "where",
        tokens: [{ type: "text", raw: "", text: "where", escaped: false }],
        header: true,
        align: null,
      },
      {
        text: "how long",
        tokens: [{ type: "text", raw: "", text: "how long", escaped: false }],
        header: true,
        align: null,
      },
    ],
    align: [null, null, null],
    rows: [
      [
        {
          text: "Your settings, the sites you switched on, the mode, when you accepted",
          tokens: [
            {
              type: "text",
              raw: "",
              text: "Your settings, the sites you switched on, the mode, when you accepted",
              escaped: false,
            },
          ],
          header: false,
          align: null,
        },
        {
          text: "the extension's storage (`storage.local`)",
          tokens: [
            { type: "text", raw: "", text: "the extension's storage (", escaped: false },
            { type: "codespan", raw: "", text: "storage.local" },
            { type: "text", raw: "", text: ")", escaped: false },
          ],
          header: false,
          align: null,
        },
        {
          text: "until you change them, withdraw consent, or remove the extension",
          tokens: [
            {
              type: "text",
              raw: "",
              text: "until you change them, withdraw consent, or remove the extension",
              escaped: false,
            },
          ],
          header: false,
          align: null,
        },
      ],
      [
        {
          text: "Byte totals per site (from the site, from peers, uploaded) and the date they start from",
          tokens: [
            {
              type: "text",
              raw: "",
              text: "Byte totals per site (from the site, from peers, uploaded) and the date they start from",
              escaped: false,
            },
          ],
          header: false,
          align: null,
        },
        {
          text: "the extension's storage",
          tokens: [{ type: "text", raw: "", text: "the extension's storage", escaped: false }],
          header: false,
          align: null,
        },
        {
          text: "until you reset them (in the settings) or remove the extension",
          tokens: [
            {
              type: "text",
              raw: "",
              text: "until you reset them (in the settings) or remove the extension",
              escaped: false,
            },
          ],
          header: false,
          align: null,
        },
      ],
      [
        {
          text: "Recent pieces of video and their addresses, so they can be shared and replayed",
          tokens: [
            {
              type: "text",
              raw: "",
              text: "Recent pieces of video and their addresses, so they can be shared and replayed",
              escaped: false,
            },
          ],
          header: false,
          align: null,
        },
        {
          text: "the extension's IndexedDB and memory",
          tokens: [
            { type: "text", raw: "", text: "the extension's IndexedDB and memory", escaped: false },
          ],
          header: false,
          align: null,
        },
        {
          text: 'deleted once unused for 5 minutes (setting "cachedSegmentExpiration"), at the next clean-up (the next time a video is played: until then they stay on disk), or at once with "Clear cache" in the settings; at most 128 MiB per site, 500 MB in all by default (setting "Cache size", 200 MB to 10 GB)',
          tokens: [
            {
              type: "text",
              raw: "",
              text: 'deleted once unused for 5 minutes (setting "cachedSegmentExpiration"), at the next clean-up (the next time a video is played: until then they stay on disk), or at once with "Clear cache" in the settings; at most 128 MiB per site, 500 MB in all by default (setting "Cache size", 200 MB to 10 GB)',
              escaped: false,
            },
          ],
          header: false,
          align: null,
        },
      ],
      [
        {
          text: "Live statistics of the open tabs",
          tokens: [
            { type: "text", raw: "", text: "Live statistics of the open tabs", escaped: false },
          ],
          header: false,
          align: null,
        },
        {
          text: "memory only",
          tokens: [{ type: "text", raw: "", text: "memory only", escaped: false }],
          header: false,
          align: null,
        },
        {
          text: "until the tab closes",
          tokens: [{ type: "text", raw: "", text: "until the tab closes", escaped: false }],
          header: false,
          align: null,
        },
      ],
    ],
  },
  { type: "space", raw: "" },
  {
    type: "paragraph",
    raw: "",
    text: "None of it is sent anywhere. Removing the extension deletes all of it.",
    tokens: [
      {
        type: "text",
        raw: "",
        text: "None of it is sent anywhere. Removing the extension deletes all of it.",
        escaped: false,
      },
    ],
  },
  { type: "space", raw: "" },
  {
    type: "heading",
    raw: "",
    depth: 2,
    text: "Swarm ids",
    tokens: [{ type: "text", raw: "", text: "Swarm ids", escaped: false }],
  },
  { type: "space", raw: "" },
  {
    type: "paragraph",
    raw: "",
    text: "A swarm id is the SHA-1 of a fixed prefix (with the protocol version), the site's origin and the\nvideo's path on the site, so viewers of the same video find each other and viewers of different\nvideos or sites never meet. We considered a keyed hash instead, with a key every viewer derives\nfrom the video's own content, so that a tracker holding only a list of addresses could not compute\nswarm ids. We did not do it: anyone who can watch the video (the tracker's operator too) can\nderive the key as easily as a viewer; live streams change their content every few seconds, so\nthere is no stable content to key on; and any difference between viewers' copies (ads inserted\nper viewer, a re-encoded playlist) would split the swarm. It would hide little from a determined\nobserver and cost sharing for everyone. [SECURITY.md](SECURITY.md), \"Swarm ids\", has the\nreasoning in full.",
    tokens: [
      {
        type: "text",
        raw: "",
        text: "A swarm id is the SHA-1 of a fixed prefix (with the protocol version), the site's origin and the\nvideo's path on the site, so viewers of the same video find each other and viewers of different\nvideos or sites never meet. We considered a keyed hash instead, with a key every viewer derives\nfrom the video's own content, so that a tracker holding only a list of addresses could not compute\nswarm ids. We did not do it: anyone who can watch the video (the tracker's operator too) can\nderive the key as easily as a viewer; live streams change their content every few seconds, so\nthere is no stable content to key on; and any difference between viewers' copies (ads inserted\nper viewer, a re-encoded playlist) would split the swarm. It would hide little from a determined\nobserver and cost sharing for everyone. ",
        escaped: false,
      },
      {
        type: "link",
        raw: "",
        href: "SECURITY.md",
        title: null,
        text: "SECURITY.md",
        tokens: [{ type: "text", raw: "", text: "SECURITY.md", escaped: false }],
      },
      { type: "text", raw: "", text: ', "Swarm ids", has the\nreasoning in full.', escaped: false },
    ],
  },
  { type: "space", raw: "" },
  {
    type: "heading",
    raw: "",
    depth: 2,
    text: "Your choices",
    tokens: [{ type: "text", raw: "", text: "Your choices", escaped: false }],
  },
  { type: "space", raw: "" },
  {
    type: "list",
    raw: "",
    ordered: false,
    start: "",
    loose: false,
    items: [
      {
        type: "list_item",
        raw: "",
        task: false,
        loose: false,
        text: 'Switch the extension off for a site (toolbar button, or its keyboard shortcut) or everywhere;\nswitch on "Download only" to stop uploading (uploads also pause on a metered connection where\nthe browser tells: Chrome on ChromeOS, or any Chrome while its data saver is on); switch "Exchange video with other viewers" off to share\nnothing at all.',
        tokens: [
          {
            type: "text",
            raw: "",
            text: 'Switch the extension off for a site (toolbar button, or its keyboard shortcut) or everywhere;\nswitch on "Download only" to stop uploading (uploads also pause on a metered connection where\nthe browser tells: Chrome on ChromeOS, or any Chrome while its data saver is on); switch "Exchange video with other viewers" off to share\nnothing at all.',
            tokens: [
              {
                type: "text",
                raw: "",
                text: 'Switch the extension off for a site (toolbar button, or its keyboard shortcut) or everywhere;\nswitch on "Download only" to stop uploading (uploads also pause on a metered connection where\nthe browser tells: Chrome on ChromeOS, or any Chrome while its data saver is on); switch "Exchange video with other viewers" off to share\nnothing at all.',
                escaped: false,
              },
            ],
          },
        ],
      },
      {
        type: "list_item",
        raw: "",
        task: false,
        loose: false,
        text: 'Delete the cached pieces of video at once: "Clear cache" in the settings.',
        tokens: [
          {
            type: "text",
            raw: "",
            text: 'Delete the cached pieces of video at once: "Clear cache" in the settings.',
            tokens: [
              {
                type: "text",
                raw: "",
                text: 'Delete the cached pieces of video at once: "Clear cache" in the settings.',
                escaped: false,
              },
            ],
          },
        ],
      },
      {
        type: "list_item",
        raw: "",
        task: false,
        loose: false,
        text: "Withdraw consent in the settings: the extension stops sharing at once, on every site.",
        tokens: [
          {
            type: "text",
            raw: "",
            text: "Withdraw consent in the settings: the extension stops sharing at once, on every site.",
            tokens: [
              {
                type: "text",
                raw: "",
                text: "Withdraw consent in the settings: the extension stops sharing at once, on every site.",
                escaped: false,
              },
            ],
          },
        ],
      },
      {
        type: "list_item",
        raw: "",
        task: false,
        loose: false,
        text: "Change the trackers and STUN servers (above).",
        tokens: [
          {
            type: "text",
            raw: "",
            text: "Change the trackers and STUN servers (above).",
            tokens: [
              {
                type: "text",
                raw: "",
                text: "Change the trackers and STUN servers (above).",
                escaped: false,
              },
            ],
          },
        ],
      },
      {
        type: "list_item",
        raw: "",
        task: false,
        loose: false,
        text: "Remove the extension: everything it stored goes with it.",
        tokens: [
          {
            type: "text",
            raw: "",
            text: "Remove the extension: everything it stored goes with it.",
            tokens: [
              {
                type: "text",
                raw: "",
                text: "Remove the extension: everything it stored goes with it.",
                escaped: false,
              },
            ],
          },
        ],
      },
    ],
  },
  { type: "space", raw: "" },
  {
    type: "heading",
    raw: "",
    depth: 2,
    text: "Contact",
    tokens: [{ type: "text", raw: "", text: "Contact", escaped: false }],
  },
  { type: "space", raw: "" },
  {
    type: "paragraph",
    raw: "",
    text: "Questions, corrections and reports: open an issue in the project's repository,\n<https://github.com/peercast-video/peercast-video>. Security problems: see\n[SECURITY.md](SECURITY.md).",
    tokens: [
      {
        type: "text",
        raw: "",
        text: "Questions, corrections and reports: open an issue in the project's repository,\n",
        escaped: false,
      },
      {
        type: "link",
        raw: "",
        text: "https://github.com/peercast-video/peercast-video",
        href: "https://github.com/peercast-video/peercast-video",
        autolink: true,
        tokens: [
          { type: "text", raw: "", text: "https://github.com/peercast-video/peercast-video" },
        ],
      },
      { type: "text", raw: "", text: ". Security problems: see\n", escaped: false },
      {
        type: "link",
        raw: "",
        href: "SECURITY.md",
        title: null,
        text: "SECURITY.md",
        tokens: [{ type: "text", raw: "", text: "SECURITY.md", escaped: false }],
      },
      { type: "text", raw: "", text: ".", escaped: false },
    ],
  },
];
