// `npm run lint`: what the type check cannot see. Customer and operator text is rendered as
// text, never as HTML, so no HTML sink may appear in the app's source; and the API takes no
// token in a URL (browsers carry a session cookie), so no code may put one there.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('./src', import.meta.url));
/** @type {[RegExp, string][]} */
const RULES = [
  [/\{@html\b/, 'renders HTML: interpolate text instead'],
  [/\.(?:innerHTML|outerHTML)\s*=|insertAdjacentHTML\s*\(|document\.write\s*\(/, 'writes HTML into the page'],
  [/[?&]token=/, 'puts a token in a URL: the API takes a session cookie or an Authorization header'],
];

/** @param {string} dir @returns {string[]} */
function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'bindings' ? [] : files(path);
    return /\.(ts|svelte)$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** @type {string[]} */
const found = [];
const checked = files(root);
for (const file of checked) {
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      for (const [rule, why] of RULES) {
        if (rule.test(line)) found.push(`src/${relative(root, file)}:${i + 1}: ${why}\n    ${line.trim()}`);
      }
    });
}
if (found.length > 0) {
  console.error(found.join('\n'));
  console.error(`lint: ${found.length} problem(s)`);
  process.exit(1);
}
console.log(`lint: ok (${checked.length} files)`);
