/** The toolbar popup (Plasmo entry). */
import "../ui/theme.css";
import { localizeDocument } from "../ui/i18n";
import "../ui/popup/popup.css";
import { PopupPage } from "../ui/popup/PopupPage";

localizeDocument();

export default function Popup() {
  return <PopupPage />;
}
