/** The options page (Plasmo entry). */
import "../ui/theme.css";
import "../ui/options/options.css";
import { OptionsPage } from "../ui/options/OptionsPage";

export default function Options() {
  return <OptionsPage />;
}
