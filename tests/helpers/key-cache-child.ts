// A process that starts a key cache, waits until it listens and ends its work without closing it: it must exit
// on its own (the listener's socket and timers are unref'd). Used by tests/integration/key-cache.test.ts.
import { openDatabase } from "@/db/client";
import { KeyCache } from "@/lib/auth/key-cache";

const url = process.argv[2];
if (!url) throw new Error("usage: key-cache-child.ts <database url>");
const handle = await openDatabase({ url });
const cache = new KeyCache(handle.db, url);
// the listener holds nothing open, so while waiting for it something else must (in the app: the requests)
const keepAlive = setInterval(() => {}, 1000);
await cache.start();
await cache.whenListening();
clearInterval(keepAlive);
await handle.close();
process.stdout.write(`listening as ${cache.listenerPid}\n`);
