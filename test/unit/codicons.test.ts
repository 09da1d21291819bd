// The codicon font and stylesheet cut down to the icons the webviews name (scripts/codicons.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { codiconAssets, iconRules, subsetTtf } from '../../scripts/codicons.mjs';

const ROOT = join(__dirname, '..', '..');
const DIST = join(ROOT, 'node_modules', '@vscode', 'codicons', 'dist');
const fullCss = readFileSync(join(DIST, 'codicon.css'), 'utf8');
const fullTtf = readFileSync(join(DIST, 'codicon.ttf'));

/** Glyph id -> its bytes in glyf, through loca and cmap, as a reader of the font would go. */
function glyphOf(font: Buffer, cp: number): Buffer {
  const dir = new Map<string, number>();
  for (let i = 0; i < font.readUInt16BE(4); i++) dir.set(font.toString('latin1', 12 + 16 * i, 16 + 16 * i), font.readUInt32BE(20 + 16 * i));
  const long = font.readInt16BE(dir.get('head')! + 50) === 1;
  const loca = dir.get('loca')!;
  const at = (g: number) => (long ? font.readUInt32BE(loca + 4 * g) : 2 * font.readUInt16BE(loca + 2 * g));
  // Through the cmap's format 12 subtable (groups of code points to consecutive glyphs), not
  // the format 4 one the subsetter reads: a second reading of the same map.
  const cmap = dir.get('cmap')!;
  for (let i = 0; i < font.readUInt16BE(cmap + 2); i++) {
    const sub = cmap + font.readUInt32BE(cmap + 8 + 8 * i);
    if (font.readUInt16BE(sub) !== 12) continue;
    for (let k = 0; k < font.readUInt32BE(sub + 12); k++) {
      const [first, last, glyph] = [0, 4, 8].map((o) => font.readUInt32BE(sub + 16 + 12 * k + o));
      if (cp >= first && cp <= last) return font.subarray(dir.get('glyf')! + at(glyph + cp - first), dir.get('glyf')! + at(glyph + cp - first + 1));
    }
  }
  throw new Error(`no glyph for ${cp.toString(16)}`);
}

test('the icons named in src/webview are kept, with their glyphs as drawn in the full font', () => {
  const { css, ttf, icons } = codiconAssets(ROOT);
  for (const name of ['refresh', 'copy', 'lightbulb', 'error', 'warning', 'info', 'table', 'layers', 'debug-stop', 'go-to-file'])
    assert.ok(icons.includes(name), name);
  const rules = iconRules(css);
  assert.deepEqual([...rules.keys()].sort(), icons);
  assert.match(css, /@font-face/);
  assert.ok(ttf.length < fullTtf.length / 4, `${ttf.length} bytes`);
  const full = iconRules(fullCss);
  for (const name of icons) assert.deepEqual(glyphOf(ttf, full.get(name)!).subarray(0, 10), glyphOf(fullTtf, full.get(name)!).subarray(0, 10), name);
  assert.ok(glyphOf(fullTtf, full.get('account')!).length > 0);
  assert.equal(glyphOf(ttf, full.get('account')!).length, 0, 'an icon not named is empty');
});

test('a glyph kept is byte for byte the original (padding aside)', () => {
  const cp = iconRules(fullCss).get('gear')!;
  const sub = subsetTtf(fullTtf, new Set([cp]));
  const original = glyphOf(fullTtf, cp);
  assert.deepEqual(glyphOf(sub, cp).subarray(0, original.length), original);
});
