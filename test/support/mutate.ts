// Seeded text mutations shared by the fuzz tests. Each draws from `rnd` in a fixed order, so
// a seed gives the same inputs on every run (and a failure reproduces).
export interface Mutations {
  /** A random offset into the text, both ends included. */
  pos(): number;
  /** `n` random pieces of the alphabet. */
  noise(n: number): string;
  /** The text up to a random offset. */
  head(): string;
  /** The text from a random offset. */
  tail(): string;
  /** Up to `max` characters cut out at a random offset. */
  cut(max: number): string;
  /** One to ten characters overwritten with noise. */
  overwrite(): string;
  /** One to thirty pieces of noise put in at a random offset. */
  insert(): string;
  /** The lines in a random order. */
  shuffleLines(): string;
}

export function mutations(text: string, rnd: () => number, alphabet: ArrayLike<string>): Mutations {
  const pos = () => Math.floor(rnd() * (text.length + 1));
  const noise = (n: number) => Array.from({ length: n }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
  return {
    pos,
    noise,
    head: () => text.slice(0, pos()),
    tail: () => text.slice(pos()),
    cut: (max) => {
      const a = pos();
      return text.slice(0, a) + text.slice(a + Math.floor(rnd() * max));
    },
    overwrite: () => {
      const chars = [...text];
      for (let i = 0; i < 1 + rnd() * 10; i++) chars[Math.floor(rnd() * chars.length)] = noise(1);
      return chars.join('');
    },
    insert: () => {
      const a = pos();
      return text.slice(0, a) + noise(1 + Math.floor(rnd() * 30)) + text.slice(a);
    },
    shuffleLines: () => {
      const lines = text.split('\n');
      for (let i = lines.length - 1; i > 0; i--) {
        const j = Math.floor(rnd() * (i + 1));
        [lines[i], lines[j]] = [lines[j], lines[i]];
      }
      return lines.join('\n');
    },
  };
}
