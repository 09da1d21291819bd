// What mysql2's auth_41.js takes from node:crypto, in the CLI's and the extension's driver bundle:
// createHash('sha1') for the mysql_native_password scramble, from @noble/hashes. Loading
// node:crypto costs about 3 ms of every `mqt` start (its ~16 modules), and a session that logs
// in with mysql_native_password needs nothing else from it. Any other algorithm goes to node:crypto.
'use strict';
const { sha1 } = require('@noble/hashes/legacy.js');

const bytes = (data, encoding) => (typeof data === 'string' ? Buffer.from(data, encoding ?? 'utf8') : data);

exports.createHash = (algorithm) => {
  if (String(algorithm).toLowerCase() !== 'sha1') return require('node:crypto').createHash(algorithm);
  const h = sha1.create();
  const hash = {
    update(data, encoding) {
      h.update(bytes(data, encoding));
      return hash;
    },
    digest(encoding) {
      const d = h.digest();
      const out = Buffer.from(d.buffer, d.byteOffset, d.length);
      return encoding ? out.toString(encoding) : out;
    },
  };
  return hash;
};
