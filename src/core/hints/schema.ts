import type { Connection, RowDataPacket } from 'mysql2/promise';

/** What the rules need to know about a database: column types and nullability, indexes. */
export interface SchemaInfo {
  database: string;
  /** Keyed by lower-case table name. */
  tables: Record<string, TableInfo>;
}

export interface TableInfo {
  name: string;
  /** Estimated row count (information_schema.TABLES.TABLE_ROWS). */
  rows?: number;
  engine?: string;
  isView?: boolean;
  /** Keyed by lower-case column name. */
  columns: Record<string, ColumnInfo>;
  indexes: IndexInfo[];
}

export interface ColumnInfo {
  name: string;
  /** Lower-case base type: varchar, int, datetime, ... */
  dataType: string;
  /** Full type: varchar(45), int(10) unsigned, ... */
  columnType: string;
  nullable: boolean;
  charset?: string;
  collation?: string;
}

export interface IndexInfo {
  name: string;
  unique: boolean;
  primary: boolean;
  /** BTREE, HASH, FULLTEXT, SPATIAL. */
  type: string;
  columns: IndexColumn[];
}

export interface IndexColumn {
  /** Lower-case column name; an expression index part has `expression` instead. */
  name: string;
  subPart?: number;
  desc?: boolean;
  expression?: string;
}

const STRING_TYPES = new Set(['char', 'varchar', 'tinytext', 'text', 'mediumtext', 'longtext', 'enum', 'set']);
const NUMERIC_TYPES = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'integer', 'bigint', 'decimal', 'numeric', 'float', 'double', 'real', 'bit', 'year']);
const TEMPORAL_TYPES = new Set(['date', 'datetime', 'timestamp', 'time']);

export const isStringType = (c: ColumnInfo) => STRING_TYPES.has(c.dataType);
export const isNumericType = (c: ColumnInfo) => NUMERIC_TYPES.has(c.dataType);
export const isTemporalType = (c: ColumnInfo) => TEMPORAL_TYPES.has(c.dataType);

export function findTable(schema: SchemaInfo | undefined, name: string | undefined): TableInfo | undefined {
  if (!schema || !name) return undefined;
  const key = name.toLowerCase();
  return Object.hasOwn(schema.tables, key) ? schema.tables[key] : undefined;
}

export function findColumn(table: TableInfo | undefined, name: string): ColumnInfo | undefined {
  if (!table) return undefined;
  const key = name.toLowerCase();
  return Object.hasOwn(table.columns, key) ? table.columns[key] : undefined;
}

/** Indexes whose first column is `column` (an index helps a lookup only from its leftmost part). */
export function indexesLeadingWith(table: TableInfo | undefined, column: string): IndexInfo[] {
  const key = column.toLowerCase();
  return (table?.indexes ?? []).filter((i) => i.type !== 'FULLTEXT' && i.columns[0]?.name === key);
}

export function isIndexed(table: TableInfo | undefined, column: string): boolean {
  const key = column.toLowerCase();
  return (table?.indexes ?? []).some((i) => i.type !== 'FULLTEXT' && i.columns.some((c) => c.name === key));
}

const text = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));

/** Reads columns, indexes and row estimates of one database from information_schema. */
export async function loadSchema(conn: Connection, database: string): Promise<SchemaInfo> {
  const schema: SchemaInfo = { database, tables: {} };
  await loadTables(conn, schema);
  await loadColumns(conn, schema);
  await loadIndexes(conn, schema);
  return schema;
}

async function loadTables(conn: Connection, schema: SchemaInfo): Promise<void> {
  const [tables] = await conn.query<RowDataPacket[]>(
    `SELECT TABLE_NAME AS t, TABLE_ROWS AS r, ENGINE AS e, TABLE_TYPE AS k
       FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?`,
    [schema.database],
  );
  for (const row of tables) {
    const name = String(row.t);
    const info: TableInfo = { name, columns: {}, indexes: [] };
    if (row.r !== null && row.r !== undefined) info.rows = Number(row.r);
    if (row.e) info.engine = String(row.e);
    if (String(row.k) === 'VIEW') info.isView = true;
    schema.tables[name.toLowerCase()] = info;
  }
}

async function loadColumns(conn: Connection, schema: SchemaInfo): Promise<void> {
  const [cols] = await conn.query<RowDataPacket[]>(
    `SELECT TABLE_NAME AS t, COLUMN_NAME AS c, DATA_TYPE AS d, COLUMN_TYPE AS ct, IS_NULLABLE AS n,
            CHARACTER_SET_NAME AS cs, COLLATION_NAME AS co
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION`,
    [schema.database],
  );
  for (const row of cols) {
    const table = findTable(schema, String(row.t));
    if (!table) continue;
    const col: ColumnInfo = {
      name: String(row.c),
      dataType: String(row.d).toLowerCase(),
      columnType: String(row.ct),
      nullable: String(row.n) === 'YES',
    };
    const cs = text(row.cs);
    const co = text(row.co);
    if (cs) col.charset = cs;
    if (co) col.collation = co;
    table.columns[col.name.toLowerCase()] = col;
  }
}

async function loadIndexes(conn: Connection, schema: SchemaInfo): Promise<void> {
  // EXPRESSION exists on MySQL 8 only; SELECT * so that MariaDB does not fail on it.
  const [stats] = await conn.query<RowDataPacket[]>(
    `SELECT * FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
    [schema.database],
  );
  const byKey = new Map<string, IndexInfo>();
  for (const raw of stats) {
    const row = upperKeys(raw);
    const table = findTable(schema, String(row.TABLE_NAME));
    if (!table) continue;
    const key = `${table.name}\0${String(row.INDEX_NAME)}`;
    let index = byKey.get(key);
    if (!index) {
      const name = String(row.INDEX_NAME);
      index = { name, unique: Number(row.NON_UNIQUE) === 0, primary: name === 'PRIMARY', type: String(row.INDEX_TYPE ?? 'BTREE'), columns: [] };
      byKey.set(key, index);
      table.indexes.push(index);
    }
    const part: IndexColumn = { name: String(row.COLUMN_NAME ?? '').toLowerCase() };
    const expr = text(row.EXPRESSION);
    if (expr) part.expression = expr;
    if (row.SUB_PART !== null && row.SUB_PART !== undefined) part.subPart = Number(row.SUB_PART);
    if (row.COLLATION === 'D') part.desc = true;
    index.columns.push(part);
  }
}

function upperKeys(row: RowDataPacket): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k.toUpperCase()] = v;
  return out;
}
