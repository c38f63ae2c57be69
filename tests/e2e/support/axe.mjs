// Runs axe-core (WCAG 2.1 A and AA rules: labels, names, contrast, landmarks, lang) in a page.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const kAxePath = require.resolve('axe-core/axe.min.js');

/** The violations on the page as "rule: target (summary)" lines; [] when it passes. */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: kAxePath });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1).join(' ')}`),
    }));
  });
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n}`));
}
