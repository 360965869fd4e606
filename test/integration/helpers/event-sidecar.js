// A stand-alone sidecar process for the fail-open test: the real KeaEventServer storing into a real store.
// argv: SOCKET_PATH STORE_URL. SIGUSR1 stalls reading for 1 s. Prints "listening" once ready.
const { join } = require('node:path');

const dist = join(__dirname, '..', '..', '..', 'dist');
const { KeaEventServer, storeSink } = require(join(dist, 'adapters', 'kea'));
const { openStore } = require(join(dist, 'store'));
const { silentLogger } = require(join(dist, 'log', 'logger'));

async function main() {
  const [path, storeUrl] = process.argv.slice(2);
  const store = await openStore(storeUrl);
  const server = new KeaEventServer({ path, log: silentLogger(), sink: storeSink(store, () => () => null) });
  await server.start();
  process.on('SIGUSR1', () => server.stall(1000));
  process.on('SIGTERM', async () => {
    await server.stop();
    process.stdout.write(`stored ${server.stats.stored}\n`);
    process.exit(0);
  });
  process.stdout.write('listening\n');
}
main().catch((err) => {
  process.stderr.write(`${err.stack || err}\n`);
  process.exit(1);
});
