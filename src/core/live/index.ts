export * from './model';
export * from './read';
export { LiveWatcher, LIVE_EVERY_MS, LIVE_FIRST_MS, type WatchOptions } from './watcher';
