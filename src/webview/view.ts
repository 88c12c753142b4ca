// Puts the sections together and keeps the focus sensible across a save: when the form locks,
// the focus goes to Cancel (a disabled input would drop it); when it unlocks, to the field the
// server rejected, or the outcome banner's first button, or back to where the person was.
import type { FormFieldName } from '../shared/protocol';
import { el, focusAfterRender } from './dom';
import { createActions } from './renderActions';
import { createBanners } from './renderBanners';
import { createDescriptionField, createGrantTypeField, createLogoUriField, createNameField, createServiceIdField } from './renderFields';
import { createHeader } from './renderHeader';
import { createRedirectUrisField } from './renderRedirectUris';
import { createResetField } from './renderReset';
import { createScopesField } from './renderScopes';
import type { FormState, UserAction } from './state';
import type { FieldSection, Section } from './section';

export interface FormView {
  readonly element: HTMLElement;
  update(state: FormState): void;
}

export function createFormView(dispatch: (action: UserAction) => void, copyText: (text: string) => Promise<boolean>): FormView {
  const header = createHeader(copyText);
  const banners = createBanners(dispatch);
  const fields: Record<FormFieldName, FieldSection> = {
    name: createNameField(dispatch),
    description: createDescriptionField(dispatch),
    grantType: createGrantTypeField(dispatch),
    serviceId: createServiceIdField(dispatch),
    scopes: createScopesField(dispatch),
    logoUri: createLogoUriField(dispatch),
    redirectUris: createRedirectUrisField(dispatch),
  };
  const reset = createResetField(dispatch);
  const actions = createActions(dispatch);
  // Service ID follows the grant type it depends on.
  const order: FormFieldName[] = ['name', 'description', 'grantType', 'serviceId', 'scopes', 'logoUri', 'redirectUris'];
  const sections: Section[] = [header, banners, ...order.map((field) => fields[field]), reset, actions];
  const element = el(
    'div',
    { class: 'form' },
    header.element,
    banners.element,
    el('div', { class: 'fields' }, ...order.map((field) => fields[field].element), reset.element),
    actions.element,
  );
  let wasSaving = false;
  let focusBeforeSave: Element | null = null;

  return {
    element,
    update(state) {
      const saving = state.activity.kind === 'saving';
      if (saving && !wasSaving) focusBeforeSave = document.activeElement;
      for (const section of sections) section.update(state);
      if (saving && !wasSaving && element.contains(document.activeElement)) actions.cancel.focus();
      if (!saving && wasSaving) {
        // The field the server complained about; else the outcome's next step (Copy secret,
        // Apply again safely, Reload…); else back to where the person was.
        const lost = !element.contains(document.activeElement) || document.activeElement === actions.cancel;
        if (state.serverFieldError) fields[state.serverFieldError.field].focus();
        else if (lost && !banners.focusButton()) {
          if (focusBeforeSave instanceof HTMLElement && focusBeforeSave.isConnected) focusAfterRender(focusBeforeSave);
          else fields.name.focus();
        }
      }
      wasSaving = saving;
    },
  };
}
