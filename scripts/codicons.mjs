// The codicon font and stylesheet cut down to the icons the webviews name. The report page
// carries both inline (src/editor/reportHtml.ts), and the whole font (126 KB, about 225 KB as
// base64 inside a base64 stylesheet) was most of the page the webview parses twice and writes.
// The font keeps every table and glyph id; the glyphs of icons not named are emptied.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every quoted string in the webview sources that is a codicon's name (over-inclusion is harmless). */
export function usedIcons(dir, known) {
  const names = new Set();
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts')) for (const m of readFileSync(p, 'utf8').matchAll(/['"`]([a-z0-9-]+)['"`]/g)) if (known.has(m[1])) names.add(m[1]);
    }
  };
  walk(dir);
  return names;
}

const ICON_RULE = /^\.codicon-([a-z0-9-]+):before \{ content: "\\([0-9a-f]+)" \}$/;

/** The stylesheet's icon rules: name -> code point. */
export function iconRules(css) {
  const out = new Map();
  for (const line of css.split('\n')) {
    const m = ICON_RULE.exec(line.trim());
    if (m) out.set(m[1], parseInt(m[2], 16));
  }
  return out;
}

/** The stylesheet without the rules of icons not in `keep` (the font face and modifiers stay). */
export function trimCss(css, keep) {
  return css
    .split('\n')
    .filter((line) => {
      const m = ICON_RULE.exec(line.trim());
      return !m || keep.has(m[1]);
    })
    .join('\n');
}

function tables(buf) {
  const n = buf.readUInt16BE(4);
  const out = new Map();
  for (let i = 0; i < n; i++) {
    const at = 12 + 16 * i;
    out.set(buf.toString('latin1', at, at + 4), { offset: buf.readUInt32BE(at + 8), length: buf.readUInt32BE(at + 12) });
  }
  return out;
}

/** Code point -> glyph id from the cmap's format 4 subtable (the codicons sit in the BMP). */
function glyphIds(buf, cmap, points) {
  const count = buf.readUInt16BE(cmap.offset + 2);
  for (let i = 0; i < count; i++) {
    const sub = cmap.offset + buf.readUInt32BE(cmap.offset + 4 + 8 * i + 4);
    if (buf.readUInt16BE(sub) !== 4) continue;
    const segs = buf.readUInt16BE(sub + 6) / 2;
    const ends = sub + 14;
    const starts = ends + 2 * segs + 2;
    const deltas = starts + 2 * segs;
    const ranges = deltas + 2 * segs;
    const ids = new Set();
    for (const cp of points) {
      for (let s = 0; s < segs; s++) {
        if (cp > buf.readUInt16BE(ends + 2 * s)) continue;
        const start = buf.readUInt16BE(starts + 2 * s);
        if (cp < start) break;
        const ro = buf.readUInt16BE(ranges + 2 * s);
        const delta = buf.readInt16BE(deltas + 2 * s);
        const g = ro === 0 ? cp : buf.readUInt16BE(ranges + 2 * s + ro + 2 * (cp - start));
        if (ro === 0 || g !== 0) ids.add((g + delta) & 0xffff);
        break;
      }
    }
    return ids;
  }
  throw new Error('codicon.ttf: no cmap format 4 subtable');
}

const checksum = (b) => {
  let sum = 0;
  for (let i = 0; i < b.length; i += 4)
    sum = (sum + (b.length - i >= 4 ? b.readUInt32BE(i) : Buffer.concat([b.subarray(i), Buffer.alloc(4)]).readUInt32BE(0))) >>> 0;
  return sum;
};

/** The font with only the glyphs of `points` (and .notdef) drawn; loca long, post without names. */
export function subsetTtf(font, points) {
  const t = tables(font);
  const head = t.get('head');
  const locaLong = font.readInt16BE(head.offset + 50) === 1;
  const glyphCount = font.readUInt16BE(t.get('maxp').offset + 4);
  const loca = t.get('loca').offset;
  const at = (g) => (locaLong ? font.readUInt32BE(loca + 4 * g) : 2 * font.readUInt16BE(loca + 2 * g));
  const keep = glyphIds(font, t.get('cmap'), points);
  keep.add(0);
  const glyf = t.get('glyf').offset;
  for (const g of keep) if (at(g + 1) > at(g) && font.readInt16BE(glyf + at(g)) < 0) throw new Error(`codicon.ttf: glyph ${g} is composite`);
  const parts = [];
  const newLoca = Buffer.alloc(4 * (glyphCount + 1));
  let size = 0;
  for (let g = 0; g < glyphCount; g++) {
    newLoca.writeUInt32BE(size, 4 * g);
    if (!keep.has(g)) continue;
    const data = font.subarray(glyf + at(g), glyf + at(g + 1));
    const padded = Buffer.concat([data, Buffer.alloc((4 - (data.length % 4)) % 4)]);
    parts.push(padded);
    size += padded.length;
  }
  newLoca.writeUInt32BE(size, 4 * glyphCount);
  const post = Buffer.from(font.subarray(t.get('post').offset, t.get('post').offset + 32));
  post.writeUInt32BE(0x00030000, 0);
  const replaced = { glyf: Buffer.concat(parts), loca: newLoca, post };
  const names = [...t.keys()].sort();
  const data = names.map((n) => replaced[n] ?? Buffer.from(font.subarray(t.get(n).offset, t.get(n).offset + t.get(n).length)));
  const headData = data[names.indexOf('head')];
  headData.writeInt16BE(1, 50); // indexToLocFormat: long
  headData.writeUInt32BE(0, 8); // checkSumAdjustment, set below
  const dir = Buffer.alloc(12 + 16 * names.length);
  font.copy(dir, 0, 0, 12);
  let offset = dir.length;
  names.forEach((n, i) => {
    const row = 12 + 16 * i;
    dir.write(n, row, 'latin1');
    dir.writeUInt32BE(checksum(data[i]), row + 4);
    dir.writeUInt32BE(offset, row + 8);
    dir.writeUInt32BE(data[i].length, row + 12);
    offset += data[i].length + ((4 - (data[i].length % 4)) % 4);
  });
  const out = Buffer.concat([dir, ...data.flatMap((d) => [d, Buffer.alloc((4 - (d.length % 4)) % 4)])]);
  out.writeUInt32BE((0xb1b0afba - checksum(out)) >>> 0, dir.readUInt32BE(12 + 16 * names.indexOf('head') + 8) + 8);
  return out;
}

/** dist/media's codicon.css and codicon.ttf for the icons the webview sources name. */
export function codiconAssets(root) {
  const dist = join(root, 'node_modules', '@vscode', 'codicons', 'dist');
  const css = readFileSync(join(dist, 'codicon.css'), 'utf8');
  const rules = iconRules(css);
  const keep = usedIcons(join(root, 'src', 'webview'), new Set(rules.keys()));
  const points = new Set([...keep].map((n) => rules.get(n)));
  return { css: trimCss(css, keep), ttf: subsetTtf(readFileSync(join(dist, 'codicon.ttf')), points), icons: [...keep].sort() };
}
