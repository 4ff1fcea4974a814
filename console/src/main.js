// The DPO's console: reads /config.json (where the API is, how to sign in), signs the DPO in, and shows
// the page the address names (#/today, #/holds/H-..., ...). Each page is a small module in pages/ that
// reads the API and draws GOV.UK Design System markup; nothing is kept but the sign-in.

// What GOV.UK Frontend's page template does with an inline script, here from this file (the
// Content-Security-Policy allows no inline script).
document.body.classList.add("js-enabled");
if ("noModule" in HTMLScriptElement.prototype) document.body.classList.add("govuk-frontend-supported");

import { initAll } from "govuk-frontend";
import { Api } from "./api.js";
import { completeSignIn, currentSession, signIn, signOut } from "./auth.js";
import { button, heading, html, insetText, notificationBanner } from "./html.js";
import * as audit from "./pages/audit.js";
import * as complaints from "./pages/complaints.js";
import * as holds from "./pages/holds.js";
import * as recordings from "./pages/recordings.js";
import * as requests from "./pages/requests.js";
import * as statistics from "./pages/statistics.js";
import * as today from "./pages/today.js";

const SERVICE = "Call recordings: data protection";

// [address pattern, section (the navigation item it belongs to), page function]
const ROUTES = [
  [/^\/today$/, "today", today.show],
  [/^\/recordings$/, "recordings", recordings.find],
  [/^\/recordings\/([^/]+)$/, "recordings", recordings.show],
  [/^\/holds$/, "holds", holds.list],
  [/^\/holds\/new$/, "holds", holds.place],
  [/^\/holds\/([^/]+)$/, "holds", holds.show],
  [/^\/requests$/, "requests", requests.list],
  [/^\/requests\/new$/, "requests", requests.open],
  [/^\/sars\/([^/]+)$/, "requests", requests.showSar],
  [/^\/requests\/([^/]+)$/, "requests", requests.showRequest],
  [/^\/complaints$/, "complaints", complaints.list],
  [/^\/complaints\/new$/, "complaints", complaints.log],
  [/^\/complaints\/([^/]+)$/, "complaints", complaints.show],
  [/^\/statistics$/, "statistics", statistics.show],
  [/^\/audit$/, "audit", audit.show],
];

let config;
let flash = null;
const main = () => document.getElementById("main-content");

function markSection(section) {
  for (const link of document.querySelectorAll(".govuk-service-navigation__link[data-section]")) {
    const item = link.parentElement;
    const current = link.dataset.section === section;
    item.classList.toggle("govuk-service-navigation__item--active", current);
    if (current) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

/** What every page is given. */
function context(api, params, query) {
  return {
    api,
    params: params.map(decodeURIComponent),
    query,
    main: main(),
    title(text) {
      document.title = `${text} – ${SERVICE} – South Hams District Council`;
    },
    /** Go to `hash`, showing `message` in a success banner there. */
    go(hash, message) {
      flash = message || null;
      if (window.location.hash === hash) route();
      else window.location.hash = hash;
    },
    /** The success banner a previous page left, once. */
    flash() {
      const message = flash;
      flash = null;
      return message ? notificationBanner(message, "", { success: true }) : "";
    },
  };
}

function showSignIn() {
  document.title = `Sign in – ${SERVICE} – South Hams District Council`;
  markSection(null);
  const local = config.auth.mode === "local";
  main().innerHTML = String(html`
    ${heading("Sign in")}
    <p class="govuk-body">This is where the council's Data Protection Officer keeps the contact centre's call recordings: holds, people's requests about their recordings, complaints, published statistics and the audit trail.</p>
    ${
      local
        ? insetText(html`This console is running on your computer against the local stack (<code>make serve</code>). It signs every request with the local stack's credentials, as <strong>${config.auth.person}</strong>. Nothing is sent to AWS.`)
        : html`<p class="govuk-body">You will sign in with your council account and the code from your authenticator app.</p>`
    }
    <form id="sign-in" novalidate>${button(local ? "Sign in as the local DPO" : "Sign in")}</form>`);
  main().querySelector("#sign-in").addEventListener("submit", async (event) => {
    event.preventDefault();
    await signIn(config);
    if (local) {
      window.location.hash = "#/today";
      route();
    }
  });
}

function showSignedIn(session) {
  const footer = document.getElementById("signed-in-as");
  footer.innerHTML = String(
    html`Signed in as <strong>${session.person}</strong>. <a class="govuk-link" href="#/sign-out">Sign out</a>`,
  );
}

async function route() {
  const session = currentSession(config);
  const [path, search] = (window.location.hash.replace(/^#/, "") || "/today").split("?");
  if (path === "/sign-out") {
    signOut(config);
    document.getElementById("signed-in-as").textContent = "Not signed in.";
    window.location.hash = "#/sign-in";
    return;
  }
  if (!session) {
    showSignIn();
    return;
  }
  showSignedIn(session);
  if (path === "/sign-in" || path === "/") {
    window.location.hash = "#/today";
    return;
  }
  const found = ROUTES.map(([pattern, section, page]) => [path.match(pattern), section, page]).find(([m]) => m);
  const area = main();
  if (!found) {
    markSection(null);
    document.title = `Page not found – ${SERVICE}`;
    area.innerHTML = String(html`${heading("Page not found")}<p class="govuk-body">There is no page at this address. <a class="govuk-link" href="#/today">Go to Today</a>.</p>`);
    return;
  }
  const [match, section, page] = found;
  markSection(section);
  area.setAttribute("aria-busy", "true");
  try {
    await page(context(new Api(config, session.credentials), match.slice(1), new URLSearchParams(search || "")));
  } catch (error) {
    area.innerHTML = String(html`${heading("Sorry, there is a problem")}
      ${notificationBanner("The API refused or failed this page's request.", html`<p class="govuk-body">${error.message}${error.code ? ` (${error.code})` : ""}</p>`)}
      <p class="govuk-body"><a class="govuk-link" href="#/today">Go to Today</a></p>`);
  } finally {
    area.removeAttribute("aria-busy");
  }
  initAll({ scope: area, onError: () => {} });
  area.dataset.page = path;
  if (!area.querySelector(".govuk-error-summary")) area.focus({ preventScroll: true });
}

async function start() {
  initAll({ onError: () => {} }); // the page's frame: skip link, service navigation
  const response = await fetch("/config.json", { cache: "no-store" });
  config = await response.json();
  try {
    await completeSignIn(config);
  } catch (error) {
    main().innerHTML = String(html`${heading("Sign-in failed")}<p class="govuk-body">${error.message}</p><p class="govuk-body"><a class="govuk-link" href="#/sign-in">Try again</a></p>`);
    return;
  }
  window.addEventListener("hashchange", route);
  await route();
}

start();
