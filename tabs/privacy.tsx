/**
 * The privacy policy (Plasmo builds it to tabs/privacy.html): PRIVACY.md of this version, so the
 * welcome page and the settings link to the policy that applies to what is installed, offline.
 */
import "../ui/theme.css";
import { localizeDocument } from "../ui/i18n";
import "../ui/privacy/privacy.css";
import { PrivacyPage } from "../ui/privacy/PrivacyPage";

localizeDocument();

export default function Privacy() {
  return <PrivacyPage />;
}
