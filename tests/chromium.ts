/**
 * How this project starts Debian's Chromium headless: software WebGL2 through SwiftShader
 * (never --use-gl=swiftshader, which loses WebGL2) and no background network traffic.
 */
export const CHROMIUM_PATH = process.env.RIPPLEMAP_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-swiftshader',
];
