import type { ReportError } from '../report/model';

/** An error the user should read: one line, no stack. */
export class AnalysisError extends Error {
  constructor(
    message: string,
    readonly detail?: ReportError,
  ) {
    super(message);
  }
}

interface DriverError {
  message?: string;
  code?: string;
  errno?: number;
  sqlState?: string;
  sqlMessage?: string;
}

/** A driver error as the report carries it, with the position mapped into the statement. */
export function toReportError(e: unknown, statement?: string): ReportError {
  const d = (e ?? {}) as DriverError;
  const message = d.sqlMessage ?? d.message ?? String(e);
  const out: ReportError = { message };
  if (d.code) out.code = d.code;
  if (typeof d.errno === 'number') out.errno = d.errno;
  if (d.sqlState) out.sqlState = d.sqlState;
  if (statement) Object.assign(out, errorPosition(message, statement));
  return out;
}

/**
 * Syntax errors say "... near 'rest of text' at line N". Line N counts from the statement's
 * first line; the column is where the quoted text starts on that line.
 */
export function errorPosition(message: string, statement: string): { line?: number; column?: number } {
  const m = /near '([\s\S]*)' at line (\d+)\s*$/.exec(message);
  if (!m) return {};
  const line = Number(m[2]);
  const lines = statement.split('\n');
  const near = m[1];
  if (line < 1 || line > lines.length) return { line };
  // The quoted text may run over several lines; its start is on `line`.
  const rest = lines.slice(line - 1).join('\n');
  const idx = near ? rest.indexOf(near.slice(0, 80)) : -1;
  if (idx >= 0 && idx <= lines[line - 1].length) return { line, column: idx + 1 };
  if (near === '') return { line, column: lines[line - 1].length + 1 };
  return { line };
}

/** Friendly text for connection failures, which the driver words for programmers. */
export function connectionErrorMessage(e: unknown, where: string): string {
  const d = (e ?? {}) as DriverError & { code?: string };
  switch (d.code) {
    case 'ECONNREFUSED':
      return `Cannot connect to ${where}: connection refused (is the server running and listening there?)`;
    case 'ETIMEDOUT':
      return `Cannot connect to ${where}: timed out`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Cannot connect to ${where}: unknown host`;
    case 'ER_ACCESS_DENIED_ERROR':
      return `Access denied for ${where}: check the user and password`;
    case 'ER_BAD_DB_ERROR':
      return `Unknown database at ${where}: ${d.sqlMessage ?? d.message ?? ''}`.trim();
    case 'HANDSHAKE_NO_SSL_SUPPORT':
      return `TLS is required but ${where} does not offer it (no TLS configured on the server); use ssl-mode=preferred or disabled only if the network is trusted`;
    case 'HANDSHAKE_SSL_ERROR':
    case 'ERR_TLS_CERT_ALTNAME_INVALID': {
      const m = (d.message ?? '').replace(/^Error: /, '');
      if (/altnames/.test(m) || d.code === 'ERR_TLS_CERT_ALTNAME_INVALID')
        return `TLS verification failed for ${where}: the server's certificate does not name this host (${m})`;
      if (/self.signed|unable to (verify|get)|certificate (has expired|is not yet valid|signature)/i.test(m))
        return `TLS verification failed for ${where}: ${m} (is ssl-ca the CA that signed the server's certificate?)`;
      return `TLS failed for ${where}: ${m}`.trim();
    }
    default:
      return `Cannot connect to ${where}: ${d.sqlMessage ?? d.message ?? String(e)}`;
  }
}
