// Preloaded into a child process (NODE_OPTIONS=--import=<this file>) to stand in for a hosts-file
// entry: the names in TEST_RESOLVE_HOSTS (`name=address,...`) resolve to their address, every
// other name as usual. Node's http, fetch and undici all resolve through dns.lookup.
import dns from 'node:dns';

const table = new Map(
  (process.env.TEST_RESOLVE_HOSTS ?? '')
    .split(',')
    .filter(Boolean)
    .map((entry) => entry.split('=')),
);
const lookup = dns.lookup;
dns.lookup = function (hostname, options, callback) {
  return lookup.call(this, table.get(hostname) ?? hostname, options, callback);
};
