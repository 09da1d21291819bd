// Numbers and names the way en-US ICU would show and sort them, without ICU: the first
// toLocaleString, Intl.NumberFormat or localeCompare in a process loads ICU's locale data, tens of
// milliseconds that a one-shot `mqt analyze` (or the extension's activation) would pay for commas.

/** `v.toLocaleString('en-US', { maximumFractionDigits })`: "12,345.67". */
export function formatNumber(v: number, maximumFractionDigits = 3): string {
  const text = String(Math.abs(v));
  // Exponents (below 1e-6, from 1e21) and NaN/Infinity are rare enough to leave to Intl.
  if (!/^\d+(\.\d+)?$/.test(text)) return v.toLocaleString('en-US', { maximumFractionDigits });
  // Intl rounds the shortest decimal form of the number (1.005 gives 1.01), half away from zero.
  const [whole, fraction = ''] = text.split('.');
  let digits = whole + fraction.slice(0, maximumFractionDigits).padEnd(maximumFractionDigits, '0');
  if (fraction.length > maximumFractionDigits && fraction[maximumFractionDigits] >= '5') digits = increment(digits);
  const cut = digits.length - maximumFractionDigits;
  const int = digits.slice(0, cut).replace(/^0+(?=\d)/, '');
  const kept = digits.slice(cut).replace(/0+$/, '');
  return `${v < 0 || Object.is(v, -0) ? '-' : ''}${int.replace(/\B(?=(\d{3})+$)/g, ',')}${kept ? `.${kept}` : ''}`;
}

/** A string of decimal digits plus one ("0999" gives "1000", "999" gives "1000"). */
function increment(digits: string): string {
  const d = digits.split('');
  for (let i = d.length - 1; i >= 0; i--) {
    if (d[i] !== '9') {
      d[i] = String(Number(d[i]) + 1);
      return d.join('');
    }
    d[i] = '0';
  }
  return `1${d.join('')}`;
}

/**
 * `a.localeCompare(b)` for ASCII names (rule ids, status counter names): letters compare without
 * case first, then lower case before upper case.
 */
export function compareNames(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x !== y) return x < y ? -1 : 1;
  return a === b ? 0 : a < b ? 1 : -1;
}
