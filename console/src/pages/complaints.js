import { heading, html } from "../html.js";
const todo = (name) => async (ctx) => {
  ctx.title(name);
  ctx.main.innerHTML = String(html`${heading(name)}`);
};
export const list = todo("Complaints"); export const log = todo("Log a complaint"); export const show = todo("Complaint");
