// Shared by the web arena's pages: API calls with readable errors, small DOM helpers.

/** An API call that failed: `detail` is the server's sentence (or ours when the server was unreachable). */
export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
    this.detail = detail;
  }
}

/** Calls the arena API; resolves to the parsed JSON body, rejects with an ApiError naming what went wrong. */
export async function api(method, path, body) {
  const init = { method, headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, 'Cannot reach the arena server. Check that it is running, then try again.');
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    json = null;
  }
  if (!response.ok) {
    const detail = json && (typeof json.detail === 'string' ? json.detail : json.error)
      || `The server answered ${response.status} ${response.statusText}`.trim();
    throw new ApiError(response.status, detail);
  }
  return json;
}

/** Shows a message in the page's error box (role=alert), or hides it when `message` is empty. */
export function showError(message) {
  const box = document.getElementById('error');
  if (!box) return;
  if (!message) {
    box.hidden = true;
    box.textContent = '';
    return;
  }
  box.textContent = message;
  box.hidden = false;
}

/** Creates an element with attributes and children. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) {
    if (c !== undefined && c !== null) node.append(c);
  }
  return node;
}

/** Fills a <select> with options, keeping `selected` when it is among them. */
export function fillSelect(select, values, selected, labelOf = (v) => v) {
  select.replaceChildren(...values.map((v) => el('option', { value: v, text: labelOf(v) })));
  if (values.includes(selected)) select.value = selected;
}

/** Whether a key press happens while the person types in a field (then page shortcuts stay off). */
export function typingIn(target) {
  if (!target || !target.tagName) return false;
  const tag = target.tagName.toLowerCase();
  return tag === 'input' && !['range', 'checkbox', 'radio', 'button'].includes(target.type)
    || tag === 'textarea' || tag === 'select' || target.isContentEditable;
}

/** A human label for an id such as "table_pick_place". */
export function label(id) {
  return String(id).replace(/[_-]+/g, ' ').replace(/^\w/, (c) => c.toUpperCase());
}
