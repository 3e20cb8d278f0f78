/**
 * The manifest's keyboard commands (package.json `manifest.commands`): the background handles
 * them (background/site-command.ts), the first-run page shows the key the browser assigned.
 */
export const TOGGLE_SITE_COMMAND = "toggle-site";
