// The banner under the header: the outcome of the last save. Saved (what was sent, where a reset
// secret went, lists the server did not store as sent), stale (changed on the server: Reload or
// Overwrite), failed without a field (the server's words and hint), cancelled. Rebuilt only when
// the banner changes, so a focused button in it keeps the focus.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { ListDifference } from '../shared/protocol';
import { el, setText } from './dom';
import { FIELD_LABELS, fieldList } from './labels';
import { canSave, isLocked, type Banner, type FormState, type UserAction } from './state';
import type { Section } from './section';

type Button = HTMLElementTagNameMap['vscode-button'];
type Dispatch = (action: UserAction) => void;

export interface BannerSection extends Section {
  /** Focuses the first enabled button of the banner; false when there is none. */
  focusButton(): boolean;
}

export function createBanners(dispatch: Dispatch): BannerSection {
  const element = el('div', { class: 'banners' });
  let shown: Banner | undefined;
  let buttons: Array<{ button: Button; enabled: (state: FormState) => boolean }> = [];
  let copied: HTMLElement | undefined;

  const button = (label: string, action: UserAction, enabled: (state: FormState) => boolean, secondary = true): Button => {
    const b = el('vscode-button', { secondary }, label);
    b.addEventListener('click', () => dispatch(action));
    buttons.push({ button: b, enabled });
    return b;
  };

  const build = (banner: Banner): HTMLElement => {
    switch (banner.kind) {
      case 'saved': {
        const parts: HTMLElement[] = [
          el('p', {}, el('strong', {}, 'Saved. '), banner.sentFields.length > 0 ? `Sent: ${fieldList(banner.sentFields)}.` : 'No field was changed.'),
        ];
        if (banner.secretReset) {
          const store = banner.secretReset.storeDescription;
          parts.push(
            el('p', {}, store === undefined ? 'The client secret was reset. The new secret was shown to you and not stored.' : `The client secret was reset. The new secret is stored in ${store}.`),
          );
          if (store !== undefined) {
            copied = el('span', { class: 'copy-status', role: 'status' });
            parts.push(el('div', { class: 'banner-buttons' }, button('Copy secret', { type: 'copySecret' }, (s) => !isLocked(s)), copied));
          }
        }
        if (banner.differences.length > 0) {
          parts.push(
            el(
              'div',
              { class: 'notice warning differences', role: 'alert' },
              el('p', {}, el('strong', {}, 'The server did not store everything as sent. '), 'WHMCS changed these lists on saving:'),
              ...banner.differences.map(differenceBlock),
              el(
                'div',
                { class: 'banner-buttons' },
                button('Apply again safely', { type: 'applyAgainSafely' }, (s) => !isLocked(s), false),
                el('span', { class: 'helper' }, 'Sends the lists again as you submitted them.'),
              ),
            ),
          );
        }
        return el('div', { class: 'banner success', role: 'status' }, ...parts);
      }
      case 'stale':
        return el(
          'div',
          { class: 'banner warning', role: 'alert' },
          el('p', {}, el('strong', {}, 'Not saved: '), `this credential was changed on the server since it was loaded (${fieldList(banner.changedFields) || 'unknown fields'}).`),
          el('p', {}, 'Reload to see the server version (your changes are discarded), or overwrite it with your version.'),
          el(
            'div',
            { class: 'banner-buttons' },
            button('Reload', { type: 'reload' }, (s) => !isLocked(s)),
            button('Overwrite', { type: 'overwrite' }, canSave),
          ),
        );
      case 'failed':
        return el(
          'div',
          { class: 'banner error', role: 'alert' },
          el('p', {}, el('strong', {}, 'Not saved: '), banner.message),
          ...(banner.hint === '' ? [] : [el('p', {}, banner.hint)]),
          el('p', {}, banner.notApplied ? 'Nothing was changed on the server.' : 'The server may have applied part of the change: reload to see what it holds.'),
          ...(banner.notApplied ? [] : [el('div', { class: 'banner-buttons' }, button('Reload', { type: 'reload' }, (s) => !isLocked(s)))]),
        );
      case 'cancelled':
        return el('div', { class: 'banner info', role: 'status' }, el('p', {}, 'Saving was cancelled.'));
    }
  };

  return {
    element,
    update(state) {
      if (state.banner !== shown) {
        shown = state.banner;
        buttons = [];
        copied = undefined;
        element.replaceChildren(...(shown ? [build(shown)] : []));
      }
      for (const { button: b, enabled } of buttons) b.disabled = !enabled(state);
      if (copied) setText(copied, state.secretCopied ? 'Copied.' : '');
    },
    focusButton() {
      const target = buttons.find(({ button: b }) => !b.disabled)?.button;
      target?.focus();
      return target !== undefined;
    },
  };
}

function differenceBlock(difference: ListDifference): HTMLElement {
  const label = FIELD_LABELS[difference.field];
  const list = (items: readonly string[]): HTMLUListElement => el('ul', { class: 'items' }, ...items.map((item) => el('li', {}, el('code', {}, item))));
  return el(
    'div',
    { class: 'difference', 'data-difference': difference.field },
    el('p', { class: 'difference-title' }, label),
    ...(difference.missing.length > 0 ? [el('p', {}, 'Dropped by the server (sent, not stored):'), list(difference.missing)] : []),
    ...(difference.extra.length > 0 ? [el('p', {}, 'Kept by the server (stored, not sent):'), list(difference.extra)] : []),
  );
}
