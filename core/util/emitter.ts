/* A minimal typed event emitter: no dependency on Node's `events` in the browser bundle. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- listener tuples of any arity
type AnyListener = (...args: any[]) => void;

export class TypedEmitter<Map extends { [K in keyof Map]: AnyListener }> {
  private readonly listeners = new Map<keyof Map, Set<AnyListener>>();

  constructor(private readonly onListenerError: (error: unknown) => void) {}

  on<K extends keyof Map>(event: K, listener: Map[K]): void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener);
  }

  off<K extends keyof Map>(event: K, listener: Map[K]): void {
    this.listeners.get(event)?.delete(listener);
  }

  /** Calls every listener; a listener that throws never breaks the loader. */
  emit<K extends keyof Map>(event: K, ...args: Parameters<Map[K]>): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(...args);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  removeAll(): void {
    this.listeners.clear();
  }
}
