import { useState } from "react";
import { messageOf } from "../errors";
import { originPattern, requestOrigins } from "../permissions";

/**
 * A change the popup makes for a site after asking the browser for its host permission (a site
 * switched on, an embedded player shared): `run` asks inside the click (a user gesture, before
 * any await), then applies the change; `error` says why it did not happen, `changed` that one did
 * (the page applies it on its next load).
 */
export function useGrantedChange() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [changed, setChanged] = useState(false);
  /** Asks for `origin`'s permission (none when undefined), then `apply`; `refused` if denied. */
  const run = (origin: string | undefined, refused: string, apply: () => Promise<void>) => {
    setError(undefined);
    setBusy(true);
    const granted =
      origin === undefined ? Promise.resolve(true) : requestOrigins([originPattern(origin)]);
    void granted
      .then(async (ok) => {
        if (!ok) {
          setError(refused);
          return;
        }
        await apply();
        setChanged(true);
      })
      .catch((caught: unknown) => {
        setError(messageOf(caught));
      })
      .finally(() => {
        setBusy(false);
      });
  };
  return { busy, error, changed, run };
}
