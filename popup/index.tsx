/** The toolbar popup (Plasmo entry). */
import "../ui/theme.css";
import "../ui/popup/popup.css";
import { PopupPage } from "../ui/popup/PopupPage";

export default function Popup() {
  return <PopupPage />;
}
