// Answering VS Code's quick input (input boxes and quick picks) with the keyboard, as a person.
import type { Page } from 'playwright-core';

/** Answers the current step of a quick input: types (replacing the value) and presses Enter. */
export async function answer(page: Page, text: string, expectTitle: RegExp): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  await widget.locator('.quick-input-title', { hasText: expectTitle }).waitFor({ timeout: 20_000 });
  const input = widget.locator('.quick-input-box input');
  await input.fill(text);
  await page.keyboard.press('Enter');
}

/** Picks the quick pick row whose label is `label` (filtering by typing, as a person would). */
export async function pick(page: Page, label: string, expectTitle: RegExp): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  await widget.locator('.quick-input-title', { hasText: expectTitle }).waitFor({ timeout: 20_000 });
  await widget.locator('.quick-input-box input').fill(label);
  await widget.locator('.monaco-list-row.focused .label-name').first().filter({ hasText: label }).waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
}
