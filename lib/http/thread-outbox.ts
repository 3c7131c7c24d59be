// Messages between the server thread and the ingest thread go in batches: what one side has to say in one turn of
// its event loop (the answers of a group-committed append, the requests parsed in one poll) travels as ONE
// postMessage, flushed by setImmediate at the end of the turn. Each postMessage costs a wake-up of the other
// thread (and the ingest thread, at a lower priority, can lose its core to the thread it wakes): one per turn
// instead of one per request. Order is kept (one queue per direction).

export type Outbox<T> = {
  /** Queues `message` (and the buffers it transfers) for the end of this turn. */
  send(message: T, transfer?: ArrayBuffer[]): void;
  /** Sends what is queued now. */
  flush(): void;
};

/** An outbox that hands each batch, in order, to `post`. */
export function outbox<T>(post: (messages: T[], transfer: ArrayBuffer[]) => void): Outbox<T> {
  let messages: T[] = [];
  let transfer: ArrayBuffer[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (messages.length === 0) return;
    const batch = messages;
    const buffers = transfer;
    messages = [];
    transfer = [];
    post(batch, buffers);
  };
  return {
    send(message, buffers) {
      messages.push(message);
      // a buffer listed twice in one postMessage is refused (DataCloneError): once moves it for both messages
      if (buffers) for (const b of buffers) if (!transfer.includes(b)) transfer.push(b);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}
