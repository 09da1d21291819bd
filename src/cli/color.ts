// Colour for a terminal, never in a pipe or a file; NO_COLOR (https://no-color.org) and --no-color turn it off.

export function colorWanted(env: NodeJS.ProcessEnv, isTTY: boolean | undefined, flag: boolean): boolean {
  if (flag || (env.NO_COLOR !== undefined && env.NO_COLOR !== '')) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  return isTTY === true && env.TERM !== 'dumb';
}

const wrap = (code: string, s: string) => `\x1b[${code}m${s}\x1b[0m`;

/** Marks what a reader looks for first in the text report: headings, hints, failures. */
export function colorizeReport(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      if (line.startsWith('== ')) return wrap('1', line);
      if (/^(Plan|Status counters|Profile|Summary)\b.*:$/.test(line)) return wrap('1', line);
      if (/Not completed|rejected|error/i.test(line) && !line.startsWith(' ')) return wrap('31', line);
      if (line.startsWith('hint [')) return line.replace(/^hint \[[^\]]+\]/, (m) => wrap('33', m));
      if (/^\S.*\bwarning\b/.test(line)) return line.replace(/\bwarning\b/, (m) => wrap('33', m));
      return line;
    })
    .join('\n');
}

export const red = (s: string): string => wrap('31', s);
