// e2e: Select Connection, Import Connections from a ~/.my.cnf in the test's home (the run's
// HOME, scripts/e2e/codeServer.mjs), a report through the imported connection, Remove Connection.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyseLine, check, pick, quickPickRows, readUserSettings, toast } from './stepUtil.mjs';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const FULL_SCAN = /COUNT\(\*\)\s+FROM\s+payment/;
const IMPORTED = 'mqt_ro@127.0.0.1/sakila';

const sandboxName = (sandboxUrl) => {
  const u = new URL(sandboxUrl);
  return `${u.username}@${u.hostname}:${u.port}/sakila`;
};

async function selectConnection(wb, name) {
  await wb.runCommand('MySQL Query Tuner: Select Connection');
  const rows = await quickPickRows(wb, 'MySQL Query Tuner: connection');
  await pick(wb, name);
  await wb.waitQuickInputClosed();
  await wb.statusBarItem(name).waitFor();
  return rows;
}

export const connectionSteps = [
  {
    name: 'Select Connection: the sandbox connection again; the status bar follows',
    shot: 'select-connection',
    run: async ({ wb, sandboxUrl }) => {
      const rows = await selectConnection(wb, sandboxName(sandboxUrl));
      check(
        rows.some((r) => r.startsWith('through-ssh')),
        `the picker lists ${JSON.stringify(rows)}`,
      );
      return `picker rows: ${rows.join(' | ')}`;
    },
  },
  {
    name: 'Import Connections reads ~/.my.cnf of the test home; the password goes to secret storage; a report through it',
    shot: 'import-connection',
    run: async ({ wb, home, userDataDir, sandboxUrl }) => {
      const creds = JSON.parse(readFileSync(path.join(process.env.MQT_SANDBOX_DIR ?? path.join(ROOT, '.sandbox'), 'credentials.json'), 'utf8'));
      const port = new URL(sandboxUrl).port;
      writeFileSync(
        path.join(home, '.my.cnf'),
        `[client]\nuser=${creds.readonlyUser}\npassword="${creds.readonlyPassword}"\nhost=127.0.0.1\nport=${port}\n\n[mysql]\ndatabase=sakila\nssl-mode=DISABLED\n`,
        { mode: 0o600 },
      );
      // The browser refuses Import's clipboard read (no permission granted): the picker opens anyway.
      await wb.runCommand('MySQL Query Tuner: Import Connections');
      const rows = await quickPickRows(wb, 'Import connections');
      const row = rows.find((r) => r.startsWith(IMPORTED));
      check(row && /~\/\.my\.cnf/.test(row) && /with password/.test(row), `the import picker shows ${JSON.stringify(rows)}`);
      // The row is ticked already (a new name): accept.
      await wb.page.keyboard.press('Enter');
      await wb.waitQuickInputClosed();
      const said = await toast(wb, 'Imported 1 connection');
      await toast(wb, "Unable to read from the browser's clipboard", 2000).catch(() => undefined);
      await wb.statusBarItem(IMPORTED).waitFor();
      const saved = readUserSettings(userDataDir)['mysqlQueryTuner.connections'] ?? [];
      const entry = saved.find((c) => c.name === IMPORTED);
      check(entry && entry.user === creds.readonlyUser && Number(entry.port) === Number(port), `settings hold ${JSON.stringify(saved)}`);
      check(!readFileSync(path.join(userDataDir, 'User', 'settings.json'), 'utf8').includes(creds.readonlyPassword), 'the password is in settings.json');
      const view = await analyseLine(wb, FULL_SCAN, /FROM payment WHERE amount/);
      const execution = await view.locator('#execution').innerText();
      check(/^Executed/.test(execution), `#execution says "${execution}"`);
      return `"${said}"; saved without password: ${JSON.stringify(entry)}; report through it: "${execution}"`;
    },
  },
  {
    name: 'Remove Connection: the imported one is gone from settings and from Select Connection',
    shot: 'remove-connection',
    run: async ({ wb, sandboxUrl, userDataDir }) => {
      await selectConnection(wb, sandboxName(sandboxUrl));
      await wb.runCommand('MySQL Query Tuner: Remove Connection');
      await pick(wb, IMPORTED);
      await wb.waitQuickInputClosed();
      const said = await toast(wb, `Removed connection ${IMPORTED}`);
      const saved = (readUserSettings(userDataDir)['mysqlQueryTuner.connections'] ?? []).map((c) => c.name);
      check(!saved.includes(IMPORTED), `settings still list it: ${JSON.stringify(saved)}`);
      await wb.runCommand('MySQL Query Tuner: Select Connection');
      const rows = await quickPickRows(wb, 'MySQL Query Tuner: connection');
      await wb.page.keyboard.press('Escape');
      await wb.waitQuickInputClosed();
      check(!rows.some((r) => r.startsWith(IMPORTED)), `Select Connection still lists it: ${JSON.stringify(rows)}`);
      await wb.statusBarItem(sandboxName(sandboxUrl)).waitFor();
      return `"${said}"; saved connections now: ${saved.join(', ')}`;
    },
  },
];
