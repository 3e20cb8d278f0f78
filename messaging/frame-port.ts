/**
 * A frame's port to the engine, whatever carries it: the one seam between the relay and the
 * engine for segment bytes and page fetches (messaging/fast-path.ts, messaging/page-fetch.ts).
 *
 * - Chrome: a MessagePort, transferred from the relay through the bridge page and the service
 *   worker to the offscreen document (ArrayBuffers transferred; Chrome's runtime messages are
 *   JSON, so they cannot carry bytes without base64).
 * - Firefox: a runtime.Port from the relay to the event page that hosts the engine (Firefox's
 *   runtime messages are structured clones: ArrayBuffers arrive as they are, and the browser
 *   says which tab, frame and origin opened it).
 *
 * Both ends see the same interface; what differs stays in the two adapters below.
 */

export interface FramePort {
  /** Sends `message`; `transfer` moves buffers where the carrier can (a MessagePort). */
  postMessage(message: unknown, transfer?: Transferable[]): void;
  /** The one listener for what arrives (a later call replaces it). */
  onMessage(listener: (data: unknown) => void): void;
  /** Told once when the other end goes away, where the carrier can tell (a runtime.Port). */
  onClose(listener: () => void): void;
  close(): void;
}

/** A MessagePort as a FramePort (it has no close event: the other end's silence tells). */
export function messagePortFrame(port: MessagePort): FramePort {
  return {
    postMessage: (message, transfer = []) => {
      port.postMessage(message, transfer);
    },
    onMessage: (listener) => {
      port.onmessage = (event: MessageEvent) => {
        listener(event.data);
      };
    },
    onClose: () => undefined,
    close: () => {
      port.onmessage = null;
      port.close();
    },
  };
}

/** The parts of a runtime.Port used here (webextension-polyfill's Runtime.Port has them). */
export interface RuntimePortLike {
  postMessage(message: unknown): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
  disconnect(): void;
}

/** A runtime.Port as a FramePort: messages are structured clones, nothing is transferred. */
export function runtimePortFrame(port: RuntimePortLike): FramePort {
  let listener: (data: unknown) => void = () => undefined;
  let closed = false;
  const closeListeners: (() => void)[] = [];
  const closeOnce = () => {
    if (closed) return;
    closed = true;
    for (const told of closeListeners.splice(0)) told();
  };
  port.onMessage.addListener((message) => {
    if (!closed) listener(message);
  });
  port.onDisconnect.addListener(closeOnce);
  return {
    postMessage: (message) => {
      if (closed) return;
      try {
        port.postMessage(message);
      } catch {
        closeOnce();
      }
    },
    onMessage: (next) => {
      listener = next;
    },
    onClose: (told) => {
      if (closed) told();
      else closeListeners.push(told);
    },
    close: () => {
      if (closed) return;
      closeOnce();
      port.disconnect();
    },
  };
}
