// iconv-lite as mysql2 uses it (getDecoder, getEncoder), with iconv-lite itself loaded on first
// real use. Every handshake decodes the server's version string as CESU-8, which node has no
// decoder for; a version is ASCII, and CESU-8 leaves ASCII as it is, so that needs no iconv-lite
// (about 2 ms of every `mqt` start). Anything else goes to iconv-lite.
'use strict';

const ascii = (buf) => {
  for (let i = 0; i < buf.length; i++) if (buf[i] >= 0x80) return false;
  return true;
};

/** `load` gives iconv-lite (in the bundle: dist/lib/iconv-lite.js). */
module.exports = (load) => {
  let iconv;
  const real = () => (iconv ??= load());
  return {
    getDecoder(encoding, options) {
      if (
        String(encoding)
          .toLowerCase()
          .replace(/[^a-z0-9]/g, '') !== 'cesu8'
      )
        return real().getDecoder(encoding, options);
      let decoder; // iconv-lite's own, from the first input that is not ASCII on
      return {
        write(buf) {
          if (!decoder && ascii(buf)) return buf.latin1Slice(0, buf.length);
          decoder ??= real().getDecoder(encoding, options);
          return decoder.write(buf);
        },
        end() {
          return decoder ? decoder.end() : undefined;
        },
      };
    },
    getEncoder: (encoding, options) => real().getEncoder(encoding, options),
  };
};
