/**
 * A player that runs MediaSource in a dedicated worker (Chrome's MSE in workers), served as
 * /worker-player.js: told the segment URLs and the SourceBuffer type, it hands the page the
 * MediaSource's handle (for `video.srcObject`), then fetches each segment itself and appends it.
 * The page hook never sees these requests: they are the worker's.
 */
interface WorkerScope {
  onmessage: ((event: MessageEvent<{ urls: string[]; mime: string }>) => void) | null;
  postMessage(message: unknown, transfer: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  const { urls, mime } = event.data;
  const source = new MediaSource();
  const handle = (source as MediaSource & { handle: Transferable }).handle;
  scope.postMessage({ handle }, [handle]);
  source.addEventListener(
    "sourceopen",
    () => {
      const buffer = source.addSourceBuffer(mime);
      const appendAll = async () => {
        for (const url of urls) {
          const bytes = await (await fetch(url)).arrayBuffer();
          buffer.appendBuffer(bytes);
          await new Promise((resolve) => {
            buffer.addEventListener("updateend", resolve, { once: true });
          });
        }
        source.endOfStream();
      };
      void appendAll();
    },
    { once: true },
  );
};
