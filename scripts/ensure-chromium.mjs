// Makes sure Debian's Chromium is at /usr/bin/chromium for the browser tests.
// Playwright's own browser download cannot work here (no network beyond the
// package registries), so this is the only way a browser gets installed.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (existsSync(CHROMIUM)) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot) {
  console.error(`${CHROMIUM} is missing. Install Debian's Chromium first: sudo apt-get install -y chromium`);
  process.exit(1);
}
console.log(`${CHROMIUM} is missing: installing Debian's chromium package…`);
execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit' });
if (!existsSync(CHROMIUM)) {
  console.error(`apt-get finished but ${CHROMIUM} is still missing.`);
  process.exit(1);
}
