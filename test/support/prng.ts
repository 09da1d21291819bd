// The project's one seeded generator, under the name the fuzz tests use.
export { seeded as prng } from '../../src/core/seeded';
