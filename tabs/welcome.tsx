/**
 * The first-run page (Plasmo builds it to tabs/welcome.html; the background opens it on install):
 * what sharing means, consent, and site-by-site or everywhere.
 */
import "../ui/theme.css";
import { localizeDocument } from "../ui/i18n";
import "../ui/welcome/welcome.css";
import { WelcomePage } from "../ui/welcome/WelcomePage";

localizeDocument();

export default function Welcome() {
  return <WelcomePage />;
}
