import { sandboxStatus, sandboxUrl, startSandbox, stopSandbox } from '../sandbox';
import { UsageError } from './errors';

const log = (line: string) => process.stderr.write(`${line}\n`);

export async function runSandboxCommand(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  const tls = sub === 'url' && rest[0] === '--tls';
  const extra = tls ? rest.slice(1) : rest;
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
  switch (sub) {
    case 'start': {
      const info = await startSandbox({ log });
      process.stdout.write(`Sandbox running: ${info.version ?? 'MariaDB'} on ${info.host}:${info.port} (data in ${info.dir})\n${sandboxUrl(info)}\n`);
      return;
    }
    case 'stop': {
      const stopped = await stopSandbox({ log });
      process.stdout.write(stopped ? 'Sandbox stopped.\n' : 'Sandbox was not running.\n');
      return;
    }
    case 'status': {
      const st = await sandboxStatus();
      process.stdout.write(
        st.running && st.info ? `running on ${st.info.host}:${st.info.port} (pid ${st.info.pid ?? '?'}, data in ${st.info.dir})\n` : 'stopped\n',
      );
      return;
    }
    case 'url': {
      const st = await sandboxStatus();
      if (!st.running || !st.info) throw new Error('The sandbox is not running: start it with `mqt sandbox start`.');
      process.stdout.write(`${sandboxUrl(st.info, { tls })}\n`);
      return;
    }
    default:
      throw new UsageError('usage: mqt sandbox start|stop|status|url [--tls]');
  }
}
