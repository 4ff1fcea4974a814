import { heading, html } from "../html.js";
const todo = (name) => async (ctx) => {
  ctx.title(name);
  ctx.main.innerHTML = String(html`${heading(name)}`);
};
export const list = todo("Requests"); export const open = todo("Open a request"); export const showSar = todo("Access request"); export const showRequest = todo("Request");
