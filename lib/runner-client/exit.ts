// Flush on the way out: beforeExit (the event loop ran dry) and SIGINT/SIGTERM (then exit 130/143).

type Flushable = { readonly pending: number; flush(): Promise<unknown>; close(): Promise<unknown> };

export function installExitHandlers(client: Flushable, { timeoutMs = 10_000 }: { timeoutMs?: number } = {}) {
  const onBeforeExit = () => {
    // Sending keeps the loop alive; beforeExit fires again afterwards, with nothing pending then.
    if (client.pending > 0) void client.flush();
  };
  const onSignal = (signal: NodeJS.Signals) => {
    const code = signal === "SIGINT" ? 130 : 143;
    const deadline = setTimeout(() => process.exit(code), timeoutMs);
    deadline.unref?.();
    void client.close().finally(() => process.exit(code));
  };
  process.on("beforeExit", onBeforeExit);
  // once: a second signal during the flush gets Node's default behaviour (the process dies).
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  return () => {
    process.off("beforeExit", onBeforeExit);
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  };
}
