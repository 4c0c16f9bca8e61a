'use strict';
// Express 5 + the npm "cors" package, configured from a JSON file written by AuditCorpus/ExpressStack.cs.
// Usage: node server.js CONFIG.json PORT
// The origin option is passed to cors() exactly as users write it; cors/lib/index.js isOriginAllowed() does the matching.
const fs = require('fs');
const express = require('express');
const cors = require('cors');
const predicate = require('./predicate.js');

const spec = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const port = Number(process.argv[3]);

function originOption(origin) {
  switch (origin.kind) {
    case 'reflect': return true;
    case 'wildcard': return '*';
    case 'fixed': return origin.value;
    case 'list': return origin.origins;
    case 'regex': return new RegExp(origin.source);
    // The README's "dynamic origin" form: a function deciding per request.
    case 'predicate': return (requestOrigin, callback) => callback(null, predicate.test(origin.tests, requestOrigin));
    default: throw new Error('unknown origin kind ' + origin.kind);
  }
}

const options = {};
if (spec.origin.kind !== 'default') options.origin = originOption(spec.origin);
if (spec.credentials) options.credentials = true;
if (spec.allowedHeaders) options.allowedHeaders = spec.allowedHeaders;

const app = express();
if (spec.addVary) {
  // Vary: Origin on every response, also those cors() leaves alone (a function origin that answers false).
  app.use((req, res, next) => { res.vary('Origin'); next(); });
}
const data = (req, res) => res.json({ secret: 1 });
if (spec.perRoute) {
  // README "Enable CORS for a Single Route": only this route gets the middleware.
  app.options('/api/data', cors(options));
  app.get('/api/data', cors(options), data);
} else {
  app.use(cors(options));
  app.get('/api/data', data);
}
app.get('/api/boom', () => { throw new Error('boom'); });
app.listen(port, '127.0.0.1', () => console.log('listening ' + port));
