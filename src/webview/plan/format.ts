/** Short number formats for the small space of a plan node. */
// One formatter: toLocaleString builds a new one per call, which dominated a 200-node render.
const INT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function int(n: number): string {
  return INT.format(n);
}

export function compact(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '';
  const a = Math.abs(n);
  if (a >= 1e9) return `${trim(n / 1e9)}G`;
  if (a >= 1e6) return `${trim(n / 1e6)}M`;
  if (a >= 1e4) return `${trim(n / 1e3)}k`;
  if (Number.isInteger(n)) return INT.format(n);
  return a >= 100 ? n.toFixed(0) : Number(n.toPrecision(3)).toString();
}

function trim(x: number): string {
  return Math.abs(x) >= 100 ? x.toFixed(0) : Number(x.toPrecision(3)).toString();
}

export function ms(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return '';
  if (x < 1) return `${Number(x.toPrecision(2))} ms`;
  if (x < 1000) return `${Number(x.toPrecision(3))} ms`;
  return `${Number((x / 1000).toPrecision(3))} s`;
}

export function share(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return '';
  if (x > 0 && x < 0.01) return '<1%';
  return `${Math.round(x * 100)}%`;
}
