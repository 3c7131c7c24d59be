/** A success rate and its 95% interval on a 0-100% track (pure SVG, one per matrix cell). */
export function CiBar({
  rate,
  ci,
  width = 88,
}: {
  rate: number | null;
  ci: { low: number; high: number } | null;
  width?: number;
}) {
  if (rate === null || !ci) return null;
  const x = (v: number) => 1 + v * (width - 2);
  return (
    <svg
      width={width}
      height={8}
      className="text-fg"
      role="img"
      aria-label={`95% interval ${(ci.low * 100).toFixed(0)}% to ${(ci.high * 100).toFixed(0)}%`}
    >
      <rect x={1} y={3} width={width - 2} height={2} rx={1} className="fill-current" opacity={0.12} />
      <rect
        x={x(ci.low)}
        y={2}
        width={Math.max(1, x(ci.high) - x(ci.low))}
        height={4}
        rx={2}
        className="fill-current"
        opacity={0.35}
      />
      <circle cx={x(rate)} cy={4} r={2.5} className="fill-current" />
    </svg>
  );
}
