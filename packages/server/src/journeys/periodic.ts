/**
 * Run `round` now and then again `everyMs` after each round ends (never two at once), until
 * stopped; a round that throws goes to `onError` and the next round runs as planned. `stop()`
 * waits for a round under way.
 */
export function repeatEvery(round: () => Promise<unknown>, everyMs: number, onError: (e: unknown) => void): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  const loop = async (): Promise<void> => {
    if (stopped) return;
    try {
      await round();
    } catch (e) {
      onError(e);
    }
    if (!stopped) timer = setTimeout(() => (running = loop()), everyMs);
  };
  running = loop();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      if (timer) clearTimeout(timer);
    },
  };
}
