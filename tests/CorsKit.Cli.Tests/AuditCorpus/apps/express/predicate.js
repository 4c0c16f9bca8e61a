'use strict';
// Origin predicates for the "function" configurations (Express origin callback). Each test is one string operation
// users write in such callbacks; all must hold. Mirrors AuditCorpus/OriginPredicate.cs.
exports.test = function (tests, origin) {
  if (typeof origin !== 'string') return false;
  return tests.every(t => {
    switch (t.op) {
      case 'true': return true;
      case 'equals': return origin === t.value;
      case 'startsWith': return origin.startsWith(t.value);
      case 'endsWith': return origin.endsWith(t.value);
      case 'includes': return origin.includes(t.value);
      case 'regex': return new RegExp(t.value).test(origin);
      default: throw new Error('unknown op ' + t.op);
    }
  });
};
