import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';

/** The two screens the layout is promised for: a small laptop and a full-HD desktop. */
export const SCREENS = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;

/**
 * Asserts that the whole of an element is on screen without scrolling: inside
 * the viewport and inside every ancestor that clips (the side column and the
 * work area scroll on their own, so the viewport alone would not prove it).
 * Boxes, not pixels: screenshots from a software GPU differ run to run.
 */
export async function expectInView(locator: Locator, what: string): Promise<void> {
  await expect(locator, `${what} is shown`).toBeVisible();
  const hidden = await locator.evaluate((el) => {
    const box = el.getBoundingClientRect();
    let room = { top: 0, left: 0, bottom: window.innerHeight, right: window.innerWidth };
    for (let a = el.parentElement; a; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
      const r = a.getBoundingClientRect();
      room = {
        top: Math.max(room.top, r.top),
        left: Math.max(room.left, r.left),
        bottom: Math.min(room.bottom, r.bottom),
        right: Math.min(room.right, r.right),
      };
    }
    const slack = 1;
    const out =
      box.top < room.top - slack ||
      box.left < room.left - slack ||
      box.bottom > room.bottom + slack ||
      box.right > room.right + slack;
    return out ? `box ${JSON.stringify(box)} is not inside the visible ${JSON.stringify(room)}` : null;
  });
  expect(hidden, `${what} is in view without scrolling`).toBeNull();
}

/**
 * Text that does not fit its box: a label, button or ellipsis-cut text whose
 * content is wider than the box, and a select narrower than its longest option (a select shows
 * whichever option is chosen, so each must fit; its natural width is the
 * browser's own measure of that, arrow included).
 */
export async function clippedText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const shown = (e: Element) => {
      const r = e.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden';
    };
    const problems: string[] = [];
    const TEXT = 'label, button, h2, h3, summary, figcaption';
    for (const el of document.querySelectorAll<HTMLElement>('*')) {
      if (!(el.matches(TEXT) || getComputedStyle(el).textOverflow === 'ellipsis') || !shown(el)) continue;
      if (el.scrollWidth > el.clientWidth + 1)
        problems.push(
          `${el.tagName.toLowerCase()} "${el.textContent?.trim().slice(0, 60)}": ${el.scrollWidth} px of text in ${el.clientWidth} px`,
        );
    }
    for (const select of document.querySelectorAll('select')) {
      if (!shown(select)) continue;
      const natural = select.cloneNode(true) as HTMLSelectElement;
      natural.style.cssText = 'position: absolute; visibility: hidden; width: auto; min-width: 0; max-width: none;';
      select.parentElement!.append(natural);
      const needed = natural.getBoundingClientRect().width;
      natural.remove();
      const has = select.getBoundingClientRect().width;
      if (has + 0.5 < needed) {
        const longest = [...select.options].map((o) => o.text).sort((a, b) => b.length - a.length)[0];
        problems.push(
          `select "${select.dataset.testid ?? select.name}" is ${has.toFixed(0)} px wide, its option "${longest}" needs ${needed.toFixed(0)} px`,
        );
      }
    }
    return problems;
  });
}

/** The labels of the visible fields in the task panel, each as the field's own text (not its input's or options'). */
export async function taskFieldLabels(page: Page): Promise<string[]> {
  return page.getByRole('region', { name: 'Task' }).evaluate((panel) =>
    [...panel.querySelectorAll('label')]
      .filter((l) => l.getBoundingClientRect().height > 0)
      .map((l) =>
        [...l.childNodes]
          .filter((n) => n.nodeType === Node.TEXT_NODE)
          .map((n) => n.textContent)
          .join('')
          .trim(),
      )
      .filter((t) => t.length > 0),
  );
}

export function duplicates(labels: readonly string[]): string[] {
  return [...new Set(labels.filter((l, i) => labels.indexOf(l) !== i))];
}

/** axe's serious and critical violations on the page, or within one part of it. */
export async function seriousViolations(page: Page, include?: string): Promise<string[]> {
  let axe = new AxeBuilder({ page });
  if (include) axe = axe.include(include);
  const { violations } = await axe.analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} (${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 5)
          .join(', ')})`,
    );
}
