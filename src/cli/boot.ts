// The `mqt` executable (dist/cli.js): a small file that turns on the code cache for the bundles
// beside it, then loads the CLI itself (dist/mqt.js, src/cli/main.ts) through it.
import { installCodeCache } from './codeCache';
import type * as Main from './main';

const argv = process.argv.slice(2);
const cache = installCodeCache(__dirname, argv[0] ?? '');
// Written at exit, so that the cache holds every function this command compiled; only after a
// command that succeeded (an unknown command or bad usage leaves no cache behind).
if (cache) process.on('exit', (code) => code === 0 && cache.flush());
// Nothing is left to do once the event loop is empty (all output written): process.exit() skips
// the teardown of V8's heap that a natural end does (3 ms of a 220 ms `mqt analyze`).
process.once('beforeExit', () => process.exit());
// eslint-disable-next-line @typescript-eslint/no-require-imports
(require('./mqt.js') as typeof Main).run(argv);
