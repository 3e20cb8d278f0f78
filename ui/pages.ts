/** Extension pages, by their path in the build. */
export const WELCOME_PAGE = "tabs/welcome.html";
