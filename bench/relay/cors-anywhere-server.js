// cors-anywhere as bench/relay.sh runs it: its README's example settings (Cookie stripped, an Origin required),
// on 127.0.0.1. Usage: node bench/relay/cors-anywhere-server.js PORT
const corsAnywhere = require('cors-anywhere');
const port = Number(process.argv[2] || 8080);
corsAnywhere.createServer({
  originWhitelist: [],
  requireHeader: ['origin', 'x-requested-with'],
  removeHeaders: ['cookie', 'cookie2'],
}).listen(port, '127.0.0.1', () => console.log(`cors-anywhere on 127.0.0.1:${port}`));
