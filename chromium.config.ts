import { existsSync } from 'node:fs';

// One Chromium for the end-to-end tests and the browser benchmark: Debian's (or CHROMIUM_PATH),
// since browser downloads are not possible everywhere, with the flags a headless CI box needs.
export const chromiumLaunchOptions = {
  executablePath:
    process.env.CHROMIUM_PATH || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined),
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
