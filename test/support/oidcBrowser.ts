// Signs a person in at the sandbox WHMCS's client area and answers its consent page, in a real
// browser (a playwright-core Page), the way a person would: for tests of a relying party.
import type { Page, Request } from 'playwright-core';

const TIMEOUT_MS = 30_000;

/**
 * Opens `authorizeUrl`, logs in when the login page shows (a signed-in session goes straight to
 * consent), clicks approve or decline, and resolves once the browser has followed the provider's
 * redirect to the relying party: that navigation finished, or failed (the target need not answer).
 */
export async function signInAndConsent(
  page: Page,
  authorizeUrl: string,
  user: { email: string; password: string },
  answer: 'approve' | 'decline',
): Promise<void> {
  const endpoint = new URL(authorizeUrl);
  const authorizePage = `${endpoint.origin}${endpoint.pathname}`;
  await page.goto(authorizeUrl);
  const loginOrConsent = page.locator('input[name="username"], button#approve');
  await loginOrConsent.first().waitFor({ timeout: TIMEOUT_MS });
  if (await page.locator('input[name="username"]').count()) {
    await page.locator('input[name="username"]').fill(user.email);
    await page.locator('input[name="password"]').fill(user.password);
    await Promise.all([page.waitForURL((url) => url.pathname === endpoint.pathname, { timeout: TIMEOUT_MS }), page.locator('button#login').click()]);
  }
  const button = page.locator(answer === 'approve' ? 'button#approve' : 'button#decline');
  await button.waitFor({ timeout: TIMEOUT_MS });
  const redirected = redirectedNavigationEnds(page, authorizePage);
  await button.click();
  await redirected;
}

/** Settles when the navigation the consent POST redirected to has finished or failed. */
function redirectedNavigationEnds(page: Page, authorizePage: string): Promise<void> {
  const isRedirectTarget = (request: Request): boolean => {
    const from = request.redirectedFrom();
    return request.isNavigationRequest() && from !== null && from.method() === 'POST' && from.url().split('?')[0] === authorizePage;
  };
  return new Promise<void>((resolve, reject) => {
    const stop = (): void => {
      clearTimeout(timer);
      page.off('requestfinished', onEnd);
      page.off('requestfailed', onEnd);
    };
    const onEnd = (request: Request): void => {
      if (!isRedirectTarget(request)) return;
      stop();
      resolve();
    };
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`the consent answer did not redirect the browser within ${TIMEOUT_MS} ms`));
    }, TIMEOUT_MS);
    page.on('requestfinished', onEnd);
    page.on('requestfailed', onEnd);
  });
}
