import { REPOSITORY_URL } from "../pages";
import { Markdown } from "./markdown";
import { PRIVACY_TOKENS } from "./privacy-text";

/** PRIVACY.md, as shipped with this version of the extension. */
export function PrivacyPage() {
  return (
    <main className="privacy stack">
      <Markdown tokens={PRIVACY_TOKENS} repository={REPOSITORY_URL} />
    </main>
  );
}
