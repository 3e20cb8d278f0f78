import { useCallback, useEffect, useState } from "react";
import type { UiState } from "../messaging/ui-to-background";
import { background } from "./background";
import { messageOf } from "./errors";

export interface UiStateHandle {
  state: UiState | undefined;
  error: string | undefined;
  /** Replaces the state with a newer one (e.g. a reply to a change). */
  setState: (state: UiState) => void;
  reload: () => Promise<void>;
}

/** The background's ui/get-state, loaded once on mount. */
export function useUiState(): UiStateHandle {
  const [state, setState] = useState<UiState>();
  const [error, setError] = useState<string>();
  const reload = useCallback(async () => {
    try {
      setState(await background.state());
      setError(undefined);
    } catch (caught) {
      setError(messageOf(caught));
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { state, error, setState, reload };
}
