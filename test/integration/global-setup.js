// Integration tests need the real stack; fail fast with a clear message when it is not up.
const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { homedir } = require('node:os');

module.exports = async function globalSetup() {
  const cache = process.env.IPSHADOW_CACHE || join(homedir(), '.cache', 'ipshadow');
  const envFile = join(cache, 'netbox.env');
  if (!existsSync(envFile)) return;
  for (const line of readFileSync(envFile, 'utf8').split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m && process.env[m[1]] === undefined) process.env[m[1]] = m[2].replace(/^"(.*)"$/, '$1');
  }
};
