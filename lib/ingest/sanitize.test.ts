import { describe, expect, it } from "vitest";
import { DEPTH_MARKER, isStorableText, MAX_DATA_DEPTH, storableJson, storableText } from "./sanitize";

describe("storableText", () => {
  it("replaces NUL and unpaired surrogates with U+FFFD and keeps pairs and other control characters", () => {
    expect(storableText("a\u0000b\ud800c\udc00d😀\u0001\u001f\u007f")).toBe(
      "a\uFFFDb\uFFFDc\uFFFDd😀\u0001\u001f\u007f",
    );
    // a low surrogate before its high one is two unpaired halves
    expect(storableText("\udc00\ud800")).toBe("\uFFFD\uFFFD");
    expect(isStorableText("ok 😀")).toBe(true);
    expect(isStorableText("x\ud83d")).toBe(false);
    expect(isStorableText("x\u0000")).toBe(false);
  });
});

describe("storableJson", () => {
  it("returns a clean value itself, unchanged", () => {
    const clean = { a: [1, "two", { three: true, four: null }] };
    expect(storableJson(clean)).toBe(clean);
  });

  it("caps depth iteratively: a million levels cost a loop, not the stack", () => {
    let deep: unknown = "bottom";
    for (let i = 0; i < 1_000_000; i++) deep = [deep];
    let v = storableJson(deep);
    let levels = 0;
    while (Array.isArray(v)) {
      v = v[0];
      levels += 1;
    }
    // levels 1..MAX_DATA_DEPTH are arrays; level MAX_DATA_DEPTH + 1 is the marker
    expect(levels).toBe(MAX_DATA_DEPTH);
    expect(v).toBe(DEPTH_MARKER);
  });

  it("repairs keys, keeps __proto__ as data, and turns what JSON cannot hold into null or strings", () => {
    const input = JSON.parse('{"__proto__": {"x": 1}, "k\\u0000": "v\\ud800", "n": 1e400}') as object;
    const out = storableJson({ ...input, big: 2n ** 70n, nan: Number.NaN }) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(["__proto__", "k\uFFFD", "n", "big", "nan"]);
    expect(out["k\uFFFD"]).toBe("v\uFFFD");
    expect(out.n).toBeNull(); // JSON.parse reads 1e400 as Infinity
    expect(out.big).toBe("1180591620717411303424");
    expect(out.nan).toBeNull();
    expect(JSON.stringify(out)).toBe(
      '{"__proto__":{"x":1},"k\uFFFD":"v\uFFFD","n":null,"big":"1180591620717411303424","nan":null}',
    );
  });
});
