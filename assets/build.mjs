// Builds static_build/ from the npm packages: the Arial stylesheet, GOV.UK Frontend's
// JavaScript and the image assets both packages' CSS points at. static_build/ is not
// in git; `make setup` runs this after `npm ci`.
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "static_build", "govuk");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const moj = join(root, "node_modules", "@ministryofjustice", "frontend", "moj");

rmSync(join(root, "static_build"), { recursive: true, force: true });
mkdirSync(join(out, "assets", "images"), { recursive: true });

const css = sass.compile(join(root, "assets", "app.scss"), {
  loadPaths: [root],
  style: "compressed",
  sourceMap: false,
  quietDeps: true,
  logger: sass.Logger.silent,
});
if (css.css.includes("GDS Transport")) {
  throw new Error("The stylesheet still names GDS Transport: check the font settings in assets/app.scss.");
}
writeFileSync(join(out, "app.css"), css.css);

// No crown: skip GOV.UK's crown images and favicons, and MOJ's logotypes. (The crest stays
// only because the compiled CSS names it; no template uses it.)
const isBranding = (name) => /crown|favicon|apple-touch|logotype|opengraph|manifest|govuk-icon/.test(name);
for (const dir of [join(govuk, "assets", "images"), join(moj, "assets", "images")]) {
  for (const name of readdirSync(dir)) {
    if (!isBranding(name)) cpSync(join(dir, name), join(out, "assets", "images", name));
  }
}
// The scripts end with a sourceMappingURL comment: ship the maps too, or
// collectstatic's manifest storage fails to resolve them.
for (const [dir, name] of [[govuk, "govuk-frontend.min.js"], [moj, "moj-frontend.min.js"]]) {
  cpSync(join(dir, name), join(out, name));
  cpSync(join(dir, `${name}.map`), join(out, `${name}.map`));
}
console.log(`built static_build/govuk: app.css ${(css.css.length / 1024).toFixed(0)} KB`);
