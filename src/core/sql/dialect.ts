/**
 * How the connected server reads SQL text: which versioned comments it opens, and what its
 * session sql_mode does to quotes and backslashes. Known after connect; without it the
 * reader assumes nothing and flags every place where servers differ.
 */
export interface SqlDialect {
  flavor: 'mysql' | 'mariadb';
  /** MYSQL_VERSION_ID form: 10.11.19 is 101119, 8.0.36 is 80036. */
  versionId: number;
  /** sql_mode ANSI_QUOTES: "x" is an identifier, not a string. */
  ansiQuotes: boolean;
  /** sql_mode NO_BACKSLASH_ESCAPES: a backslash in a string is an ordinary character. */
  noBackslashEscapes: boolean;
  /** sql_mode ORACLE (MariaDB): another grammar, which this reader does not follow. */
  oracle: boolean;
}

export function dialectFrom(flavor: 'mysql' | 'mariadb', version: string, sqlMode: string): SqlDialect {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version.replace(/^5\.5\.5-/, ''));
  const versionId = m ? Number(m[1]) * 10000 + Number(m[2]) * 100 + Number(m[3]) : 0;
  const modes = new Set(
    sqlMode
      .toUpperCase()
      .split(',')
      .map((s) => s.trim()),
  );
  return {
    flavor,
    versionId,
    // ANSI (a combination mode) implies ANSI_QUOTES; the server expands it in @@sql_mode, but be sure.
    ansiQuotes: modes.has('ANSI_QUOTES') || modes.has('ANSI'),
    noBackslashEscapes: modes.has('NO_BACKSLASH_ESCAPES'),
    oracle: modes.has('ORACLE'),
  };
}
