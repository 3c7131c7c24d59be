// A projector in a process of its own, for the test that kills one mid-batch: it claims a batch of the project
// given, writes its projections, says "claimed <n>" on stdout and waits before committing, until it is killed.
import { openDatabase } from "@/db/client";
import { projectBatch } from "@/lib/ingest/projector";

const [url, projectId] = process.argv.slice(2);
const handle = await openDatabase({ url });
await projectBatch(handle.db, {
  projectId,
  beforeCommit: async (n) => {
    process.stdout.write(`claimed ${n}\n`);
    await new Promise(() => {}); // holds the transaction open: the kill comes here
  },
});
