// `node --require ./scripts/parserPatchHook.cjs`: node-sql-parser loads with the edit of parserPatch.cjs.
'use strict';
require('./parserPatch.cjs').install();
