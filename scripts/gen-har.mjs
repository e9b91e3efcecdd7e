// Records a HAR the way browsers' tooling does — Chromium driven over the DevTools protocol by
// Playwright's recordHar — of webhook-shaped requests to a loopback server, for whk import's
// tests. Usage: node gen-har.mjs OUT.har (CHROMIUM=/path/to/chromium to pick the browser).
import http from "node:http";
import { chromium } from "playwright-core";

const out = process.argv[2];
const server = http.createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(req.url.startsWith("/webhooks/binary") ? 400 : 200, { "Content-Type": "application/json" });
    res.end('{"received":true}');
  });
});
await new Promise((ready) => server.listen(0, "127.0.0.1", ready));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const context = await browser.newContext({ recordHar: { path: out, content: "embed" } });
const page = await context.newPage();
await page.goto(`${base}/`);
await page.evaluate(async (base) => {
  await fetch(`${base}/webhooks/github?delivery=1`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-GitHub-Event": "ping",
      "X-Hub-Signature-256": "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
    },
    body: "Hello, World!",
  });
  await fetch(`${base}/webhooks/binary`, {
    method: "POST",
    headers: { "Content-Type": "application/octet-stream" },
    body: new Uint8Array([0, 255, 254, 10, 13]),
  });
}, base);
await context.close();
await browser.close();
server.close();
