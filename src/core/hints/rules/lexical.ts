// Checks on tokens alone, for statements the parser rejects (stored-program bodies, new
// syntax): fewer rules, but a parse failure never silences a statement.
import type { Token } from '../../sql/lexer';
import type { Ctx } from '../context';

const up = (t: Token | undefined) => t?.text.toUpperCase() ?? '';

export function lexicalRules(ctx: Ctx): void {
  const toks = ctx.tokens;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    const w = t.kind === 'word' ? up(t) : '';
    if (w === 'SELECT') {
      selectStar(ctx, toks, i);
    } else if (w === 'SQL_CALC_FOUND_ROWS') {
      ctx.emit('calc-found-rows', t, 'SQL_CALC_FOUND_ROWS makes the server compute the whole result past the LIMIT only to count it.', {
        fix: 'Fetch LIMIT n+1 rows to know whether a next page exists, or run a separate, cached COUNT(*).',
      });
    } else if (w === 'RAND' && toks[i + 1]?.text === '(' && up(toks[i - 1]) === 'BY' && up(toks[i - 2]) === 'ORDER') {
      const close = toks[i + 2]?.text === ')' ? toks[i + 2] : toks[i + 1];
      ctx.emit(
        'order-by-rand',
        { start: t.start, end: close.end },
        'ORDER BY RAND() numbers and sorts every candidate row to keep a few: the cost grows with the table, not with the LIMIT.',
        { fix: 'Pick random keys in the application, or WHERE id >= FLOOR(RAND() * max_id) ORDER BY id LIMIT n.' },
      );
    } else if (w === 'LIKE' && toks[i + 1]?.kind === 'string' && /^['"][%_]/.test(toks[i + 1].text)) {
      const start = toks[i - 1] && toks[i - 1].kind !== 'punct' ? toks[i - 1].start : t.start;
      ctx.emit(
        'like-leading-wildcard',
        { start, end: toks[i + 1].end },
        'A pattern that starts with a wildcard cannot seek into a B-tree index: every row is read and matched.',
        { fix: 'Anchor the pattern at the start, or use a FULLTEXT index with MATCH ... AGAINST.' },
      );
    } else if (w === 'LIMIT') {
      const a = toks[i + 1],
        sep = toks[i + 2],
        b = toks[i + 3];
      let offset: number | undefined;
      if (a?.kind === 'number' && sep?.text === ',' && b?.kind === 'number') offset = Number(a.text);
      else if (a?.kind === 'number' && up(sep) === 'OFFSET' && b?.kind === 'number') offset = Number(b.text);
      if (offset !== undefined && offset >= 1000) {
        ctx.emit(
          'large-offset',
          { start: t.start, end: b.end },
          `OFFSET ${offset} builds and throws away ${offset} rows before the page it returns; deep pages get slower and slower.`,
          { fix: 'Use keyset pagination: WHERE key > last_seen_key ORDER BY key LIMIT n.' },
        );
      }
    }
  }
  dmlWithoutWhere(ctx);
}

/** SELECT [modifiers] * or t.* directly before FROM (not inside EXISTS). */
function selectStar(ctx: Ctx, toks: Token[], i: number): void {
  // SELECT [modifiers] * or t.*
  let j = i + 1;
  while (
    /^(DISTINCT|ALL|SQL_CALC_FOUND_ROWS|SQL_NO_CACHE|SQL_CACHE|STRAIGHT_JOIN|HIGH_PRIORITY|SQL_SMALL_RESULT|SQL_BIG_RESULT|SQL_BUFFER_RESULT)$/.test(
      up(toks[j]),
    )
  )
    j++;
  const star = toks[j]?.text === '*' ? toks[j] : toks[j + 1]?.text === '.' && toks[j + 2]?.text === '*' ? toks[j + 2] : undefined;
  const inExists = up(toks[i - 1]) === '(' && up(toks[i - 2]) === 'EXISTS';
  if (star && !inExists && up(toks[j + (star === toks[j] ? 1 : 3)]) === 'FROM') {
    ctx.emit(
      'select-star',
      { start: star.start, end: star.end },
      'SELECT * returns every column: more bytes read and sent, and no covering index can serve it. List the columns you use.',
      { fix: 'List only the columns the application reads.' },
    );
  }
}

/** UPDATE/DELETE as the statement's verb, with no WHERE anywhere in it. */
function dmlWithoutWhere(ctx: Ctx): void {
  const toks = ctx.tokens;
  const verb = up(toks[0]);
  if (verb !== 'UPDATE' && verb !== 'DELETE') return;
  if (toks.some((t) => t.kind === 'word' && up(t) === 'WHERE')) return;
  const end = toks[Math.min(toks.length - 1, verb === 'DELETE' ? 2 : 1)].end;
  ctx.emit(
    'dml-without-where',
    { start: toks[0].start, end },
    `${verb} without WHERE touches every row in one transaction: every row stays locked until commit and replicas replay it as one long event.`,
    {
      fix:
        verb === 'DELETE'
          ? 'TRUNCATE to empty a table, or delete in chunks with WHERE ... LIMIT.'
          : 'Add the WHERE you meant, or update in primary-key ranges.',
    },
  );
}
