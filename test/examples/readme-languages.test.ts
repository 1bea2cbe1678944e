import * as fs from 'fs';
import * as path from 'path';

// The README's Python, Java and Go examples are cut from the apps in examples/languages/, which
// CI builds and synthesizes in each language (`npx projen languages`): each block must be the
// app's marked lines, so that an example cannot drift from code that runs.
const ROOT = path.join(__dirname, '..', '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/**
 * The lines between each `README: start` and `README: end` comment, regions joined by a blank line.
 */
function markedLines(file: string): string {
  const regions: string[][] = [];
  let region: string[] | undefined;
  for (const line of fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n')) {
    if (line.includes('README: start')) {
      if (region) throw new Error(`${file}: a README region starts inside another`);
      region = [];
    } else if (line.includes('README: end')) {
      if (!region) throw new Error(`${file}: a README region ends that never started`);
      regions.push(region);
      region = undefined;
    } else if (region) {
      region.push(line);
    }
  }
  if (region) throw new Error(`${file}: a README region never ends`);
  return regions.map(dedent).join('\n\n');
}

/** A region's lines without the indentation they share, and without blank lines around them. */
function dedent(region: string[]): string {
  const lines = region.join('\n').replace(/^\s*\n|\n\s*$/g, '').split('\n');
  const indent = Math.min(...lines.filter(line => line.trim()).map(line => /^[ \t]*/.exec(line)![0].length));
  return lines.map(line => line.slice(indent)).join('\n');
}

test.each([
  ['python', 'examples/languages/python/app.py'],
  ['java', 'examples/languages/java/src/main/java/com/example/OrdersApp.java'],
  ['go', 'examples/languages/go/main.go'],
])('the README\'s %s example is the marked part of %s', (fence, file) => {
  const marked = markedLines(file);
  expect(marked.split('\n').length).toBeGreaterThan(10);
  expect(README).toContain(`\`\`\`${fence}\n${marked}\n\`\`\`\n`);
});
