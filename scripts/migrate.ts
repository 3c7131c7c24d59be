// `npm run db:migrate`: applies migrations to the configured database (the server also does it on start).
import { withDatabase } from "./cli";

await withDatabase(async () => {
  console.error("migrations applied");
});
