import { progressJson, progressLine, type LiveUpdate } from '../core/live';

/**
 * Where `mqt analyze` sends live updates: `--progress` writes one JSON line per update to
 * stderr; without it, a text report on a terminal gets one progress line redrawn in place
 * (erased when the statement ends). Otherwise nothing.
 */
export function progressSink(opts: { json: boolean; text: boolean; stream?: NodeJS.WriteStream }): { onLive?: (u: LiveUpdate) => void; done(): void } {
  const err = opts.stream ?? process.stderr;
  if (opts.json) return { onLive: (u) => err.write(progressJson(u) + '\n'), done: () => undefined };
  if (!opts.text || !err.isTTY) return { done: () => undefined };
  let drawn = false;
  const width = () => Math.max(20, (err.columns || 80) - 1);
  return {
    onLive: (u) => {
      const line = progressLine(u);
      err.write(`\r\x1b[2K${line.length > width() ? `${line.slice(0, width() - 1)}…` : line}`);
      drawn = true;
    },
    done: () => {
      if (drawn) err.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
