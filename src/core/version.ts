/** Replaced at build time by esbuild's `define`; tests run from source and see the fallback. */
declare const __MQT_VERSION__: string | undefined;
export const TOOL_VERSION: string = typeof __MQT_VERSION__ === 'string' ? __MQT_VERSION__ : '0.0.0-dev';
