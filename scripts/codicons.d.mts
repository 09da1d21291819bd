// Types of codicons.mjs for the TypeScript tests.
export declare function usedIcons(dir: string, known: Set<string>): Set<string>;
export declare function iconRules(css: string): Map<string, number>;
export declare function trimCss(css: string, keep: Set<string>): string;
export declare function subsetTtf(font: Buffer, points: Set<number>): Buffer;
export declare function codiconAssets(root: string): { css: string; ttf: Buffer; icons: string[] };
