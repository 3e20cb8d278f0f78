/**
 * Whether the browser says the connection costs the viewer by the byte: the Network Information
 * API's `saveData` (the viewer's data saver) or `type` "cellular". Chrome has it (also in the
 * offscreen document); Firefox and Safari do not, and there the answer is always "not metered".
 */

/** The part of NetworkInformation read here (not in TypeScript's DOM types). */
export interface ConnectionInfo extends EventTarget {
  saveData?: boolean;
  type?: string;
}

/** The browser's connection object, if it has one. */
export function browserConnection(): ConnectionInfo | undefined {
  if (typeof navigator === "undefined") return undefined;
  return (navigator as Navigator & { connection?: ConnectionInfo }).connection;
}

export function isMetered(connection: ConnectionInfo | undefined): boolean {
  return connection?.saveData === true || connection?.type === "cellular";
}

/**
 * Calls `onChange(metered)` now and whenever the connection changes; returns stop. Without a
 * connection object it reports "not metered" once.
 */
export function watchMetered(
  connection: ConnectionInfo | undefined,
  onChange: (metered: boolean) => void,
): () => void {
  onChange(isMetered(connection));
  if (!connection) return () => undefined;
  const listener = () => {
    onChange(isMetered(connection));
  };
  connection.addEventListener("change", listener);
  return () => {
    connection.removeEventListener("change", listener);
  };
}
