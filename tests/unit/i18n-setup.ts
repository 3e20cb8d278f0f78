/** Unit tests run in Node, without browser.i18n: the UI's t() reads the English messages. */
import en from "../../locales/en/messages.json";
import { setMessageFallback } from "../../ui/i18n";

setMessageFallback(en);
