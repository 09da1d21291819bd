import type { RuleId, Severity } from './types';

export interface RuleMeta {
  title: string;
  severity: Severity;
  /** Needs the schema, the plan, or neither to fire. */
  needs: 'sql' | 'schema' | 'plan' | 'plan-or-schema';
}

export const RULES: Record<RuleId, RuleMeta> = {
  'select-star': { title: 'SELECT * reads every column', severity: 'info', needs: 'sql' },
  'like-leading-wildcard': { title: 'LIKE pattern starts with a wildcard', severity: 'warning', needs: 'sql' },
  'function-on-column': { title: 'Column wrapped in a function or expression', severity: 'warning', needs: 'sql' },
  'non-sargable-date': { title: 'Date function on a column instead of a range', severity: 'warning', needs: 'sql' },
  'implicit-conversion': { title: 'Type or collation mismatch converts every row', severity: 'warning', needs: 'schema' },
  'or-across-columns': { title: 'OR across different columns', severity: 'info', needs: 'sql' },
  'order-by-rand': { title: 'ORDER BY RAND() sorts the whole result', severity: 'warning', needs: 'sql' },
  'large-offset': { title: 'Large OFFSET reads and throws away rows', severity: 'warning', needs: 'sql' },
  'not-in-nullable': { title: 'NOT IN over a nullable subquery column', severity: 'warning', needs: 'sql' },
  'in-subquery': { title: 'IN (subquery) may run once per outer row', severity: 'info', needs: 'sql' },
  'count-column': { title: 'COUNT(column) counts values, not rows', severity: 'info', needs: 'sql' },
  'calc-found-rows': { title: 'SQL_CALC_FOUND_ROWS computes the whole result', severity: 'warning', needs: 'sql' },
  'union-distinct': { title: 'UNION removes duplicates through a temporary table', severity: 'info', needs: 'sql' },
  'having-without-aggregate': { title: 'HAVING condition belongs in WHERE', severity: 'warning', needs: 'sql' },
  'cartesian-join': { title: 'Join without a join condition', severity: 'warning', needs: 'sql' },
  'dml-without-where': { title: 'UPDATE or DELETE without WHERE', severity: 'warning', needs: 'sql' },
  'dml-limit-without-order': { title: 'UPDATE or DELETE with LIMIT but no ORDER BY', severity: 'warning', needs: 'sql' },
  'limit-without-order': { title: 'LIMIT without ORDER BY', severity: 'info', needs: 'sql' },
  'distinct-with-group-by': { title: 'DISTINCT on an already grouped result', severity: 'info', needs: 'sql' },
  'outer-join-nullified': { title: 'WHERE turns the outer join into an inner join', severity: 'warning', needs: 'sql' },
  'mixed-order-direction': { title: 'ORDER BY mixes ASC and DESC', severity: 'info', needs: 'sql' },
  'order-across-tables': { title: 'GROUP BY / ORDER BY columns from different tables', severity: 'info', needs: 'sql' },
  'full-scan': { title: 'Full table scan', severity: 'warning', needs: 'plan' },
  'filesort-temporary': { title: 'Temporary table and filesort', severity: 'info', needs: 'plan' },
  'missing-index': { title: 'No index serves this query', severity: 'warning', needs: 'plan-or-schema' },
  'duplicate-index': { title: 'Redundant index', severity: 'info', needs: 'schema' },
};

/** Anchor of a rule in docs/rules.md. */
export function ruleDocAnchor(rule: string): string {
  return `docs/rules.md#${rule}`;
}
