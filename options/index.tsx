/** The options page (Plasmo entry). */
import "../ui/theme.css";
import { localizeDocument } from "../ui/i18n";
import "../ui/options/options.css";
import { OptionsPage } from "../ui/options/OptionsPage";

localizeDocument();

export default function Options() {
  return <OptionsPage />;
}
