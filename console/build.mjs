// `make console`: builds the DPO's console into console/dist/ (static files, no server code).
// The page scripts are bundled by esbuild into one module (app.js); GOV.UK Frontend's stylesheet,
// fonts and images are copied from node_modules as the Design System publishes them, so the console
// needs nothing from outside its own origin at run time (its Content-Security-Policy allows only 'self'
// for scripts, styles, fonts and images).
import { build } from "esbuild";
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "dist");
const govuk = join(here, "..", "node_modules", "govuk-frontend", "dist", "govuk");

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

await build({
  entryPoints: [join(here, "src", "main.js")],
  outfile: join(dist, "app.js"),
  bundle: true,
  format: "esm",
  target: ["es2020"],
  minify: true,
  sourcemap: true,
  legalComments: "linked",
  logLevel: "warning",
});

cpSync(join(here, "src", "index.html"), join(dist, "index.html"));
cpSync(join(here, "src", "app.css"), join(dist, "app.css"));
cpSync(join(govuk, "govuk-frontend.min.css"), join(dist, "govuk-frontend.min.css"));
cpSync(join(govuk, "assets", "fonts"), join(dist, "assets", "fonts"), { recursive: true });
cpSync(join(govuk, "assets", "images"), join(dist, "assets", "images"), { recursive: true });
console.log(`console built into ${dist}`);
