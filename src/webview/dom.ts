// Tiny DOM helpers. Data only ever reaches the page as text nodes, attribute values or element
// properties: nothing here parses HTML, so a credential name like <img onerror=…> stays text.
type AttributeValue = string | number | boolean | undefined;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, AttributeValue> = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) setAttr(element, name, value);
  element.append(...children);
  return element;
}

/** Sets (true, text, number) or removes (false, undefined) an attribute; never an event handler. */
export function setAttr(element: Element, name: string, value: AttributeValue): void {
  if (/^on/i.test(name)) throw new Error(`event handler attribute ${name} is not allowed`);
  if (value === false || value === undefined) element.removeAttribute(name);
  else element.setAttribute(name, value === true ? '' : String(value));
}

/** Replaces an element's content with text, only when it differs (keeps screen readers quiet). */
export function setText(element: Element, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

export function show(element: HTMLElement, visible: boolean): void {
  if (element.hidden === visible) element.hidden = !visible;
}

/** The controls of VS Code Elements that take a `disabled` property. */
export interface Disableable {
  disabled: boolean;
}

export function setDisabled(elements: readonly Disableable[], disabled: boolean): void {
  for (const element of elements) if (element.disabled !== disabled) element.disabled = disabled;
}

/**
 * Focuses a VS Code Element once its pending render is done: a control being re-enabled only
 * enables its inner input when it renders, and a disabled input cannot take the focus.
 */
export function focusAfterRender(element: Element & { focus(): void; updateComplete?: Promise<unknown> }): void {
  if (element.updateComplete) void element.updateComplete.then(() => element.focus());
  else element.focus();
}
