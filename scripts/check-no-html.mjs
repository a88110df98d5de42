#!/usr/bin/env node
// Second line of defence behind the ESLint rules: no HTML is ever built from data.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const BANNED = [
  /\{@html\b/,
  /\.innerHTML\b/,
  /\.outerHTML\s*=/,
  /insertAdjacentHTML/,
  /\.setHTML\b/,
];
const offences = [];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (/\.(ts|svelte|js)$/.test(name)) {
      readFileSync(path, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (BANNED.some((re) => re.test(line))) offences.push(`${path}:${i + 1}: ${line.trim()}`);
        });
    }
  }
}
walk('src');
if (offences.length > 0) {
  console.error(`HTML built from strings is not allowed:\n${offences.join('\n')}`);
  process.exit(1);
}
console.log('check-no-html: no HTML sinks in src/');
