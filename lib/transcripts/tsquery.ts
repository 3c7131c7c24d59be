// Pure helpers on the text form of a tsquery (what PostgreSQL prints for websearch_to_tsquery).

/**
 * A query that every match of `tsquery` also matches, with each phrase operator (<->, <N>) turned into &.
 * The GIN index answers & exactly from its posting lists, while a phrase makes PostgreSQL re-tokenise every
 * candidate row to check word positions ("Recheck Cond"); so search finds candidates with this relaxed query
 * and checks the phrase only on the rows it needs. Null when there is nothing to relax (no phrase) or when it
 * would not be safe: under a negation, !(a <-> b) relaxed to !(a & b) would exclude rows that match.
 */
export function relaxPhrases(tsquery: string): string | null {
  let out = "";
  let changed = false;
  let i = 0;
  while (i < tsquery.length) {
    const c = tsquery[i];
    if (c === "'") {
      // a quoted lexeme; '' is a quote inside it
      let j = i + 1;
      while (j < tsquery.length) {
        if (tsquery[j] === "'") {
          if (tsquery[j + 1] === "'") {
            j += 2;
            continue;
          }
          break;
        }
        j++;
      }
      out += tsquery.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === "!") return null;
    if (c === "<") {
      const op = /^<(?:-|\d+)>/.exec(tsquery.slice(i, i + 12));
      if (!op) return null;
      out += "&";
      i += op[0].length;
      changed = true;
      continue;
    }
    out += c;
    i++;
  }
  return changed ? out : null;
}
