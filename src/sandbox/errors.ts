export class SandboxError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SandboxError';
  }
}

export type Log = (line: string) => void;
export const noLog: Log = () => undefined;
