import { QueryClient } from "@tanstack/react-query";

/** A QueryClient for one server render: prefetch into it, then dehydrate into the page. */
export function makeServerQueryClient() {
  return new QueryClient({ defaultOptions: { queries: { staleTime: 30_000 } } });
}
