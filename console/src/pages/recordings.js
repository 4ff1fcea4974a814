import { heading, html } from "../html.js";
const todo = (name) => async (ctx) => {
  ctx.title(name);
  ctx.main.innerHTML = String(html`${heading(name)}`);
};
export const find = todo("Find a recording"); export const show = todo("Recording");
