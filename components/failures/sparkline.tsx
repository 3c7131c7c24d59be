/** A tiny bar chart of daily counts (pure SVG: one per row of a long list). */
export function Sparkline({ values }: { values: number[] }) {
  const max = Math.max(1, ...values);
  const w = 3;
  const gap = 1;
  return (
    <svg width={values.length * (w + gap)} height={20} className="text-accent" aria-hidden="true">
      {values.map((v, i) => (
        <rect
          // biome-ignore lint/suspicious/noArrayIndexKey: fixed series
          key={i}
          x={i * (w + gap)}
          y={20 - (v / max) * 18 - 1}
          width={w}
          height={(v / max) * 18 + 1}
          className="fill-current"
          opacity={v ? 0.85 : 0.2}
        />
      ))}
    </svg>
  );
}
