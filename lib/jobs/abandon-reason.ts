// The reason a stalled job is marked abandoned with. Who did it is always part of it (the server writes that
// part from the session or key, so it cannot be made up); the rest is the person's note, by default how long the
// job has been silent. Pure: the job page prefills its form with the note.

/** "no event for 42 min" (whole minutes, rounded down). */
export function defaultAbandonNote(quietMs: number): string {
  return `no event for ${Math.max(0, Math.floor(quietMs / 60_000))} min`;
}

/** "abandoned by ada@example.com: no event for 42 min". */
export function abandonReason(who: string, note: string): string {
  return `abandoned by ${who}: ${note}`;
}
