/** Extension pages, by their path in the build. */
export const WELCOME_PAGE = "tabs/welcome.html";
/** The privacy policy, PRIVACY.md as shipped with this version (tabs/privacy.tsx). */
export const PRIVACY_PAGE = "tabs/privacy.html";
/** The project's repository: source, issues (the contact for privacy questions), license. */
export const REPOSITORY_URL = "https://github.com/peercast-video/peercast-video";
