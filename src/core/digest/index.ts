export { fingerprint } from './fingerprint';
export { SlowLogReader, type SlowLogEvent } from './slowlog';
export { DigestAggregator, EXACT_TIMES, type DigestClass } from './aggregate';
export { renderDigestText, renderTopText } from './text';
export { fetchTop, readTop, topOn, userStatements, type TopOptions, type TopResult, type TopStatement } from './top';
export { analyzedStatement, isToolStatement } from './own';
export { DIGEST_SORTS, digestTableFragment, sortDigest, type DigestSort } from './html';
