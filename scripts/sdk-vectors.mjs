// Signs and checks with the official JavaScript SDKs on behalf of gen-vectors.py.
// stdin: a JSON list of jobs; stdout: a JSON list of results, in the same order.
//   {"kind": "octokit-sign", "secret", "body"}              -> {"signature"}
//   {"kind": "octokit-verify", "secret", "body", "signature"} -> {"valid"}
//   {"kind": "shopify-validate", "secret", "body", "headers"} -> {"valid", "reason"}
//   {"kind": "linear-verify", "secret", "body", "signature", "now_ms"} -> {"valid", "error"}
//   {"kind": "discord-verify", "public_key", "body", "signature", "timestamp"} -> {"valid"}
import { sign, verify } from "@octokit/webhooks-methods";
import { LinearWebhookClient } from "@linear/sdk/webhooks";
import { verifyKey } from "discord-interactions";
import "@shopify/shopify-api/adapters/mock";
import { shopifyApi, ApiVersion, LogSeverity } from "@shopify/shopify-api";

const jobs = JSON.parse(await new Promise((resolve) => {
  let text = "";
  process.stdin.on("data", (c) => (text += c));
  process.stdin.on("end", () => resolve(text));
}));

function shopify(secret) {
  return shopifyApi({
    apiKey: "whk-test-key",
    apiSecretKey: secret,
    apiVersion: ApiVersion.October25 ?? Object.values(ApiVersion).pop(),
    hostName: "whk.example",
    isEmbeddedApp: false,
    logger: { level: LogSeverity.Error, log: async () => {} },
  });
}

const results = [];
for (const job of jobs) {
  if (job.kind === "octokit-sign") {
    results.push({ signature: await sign(job.secret, job.body) });
  } else if (job.kind === "octokit-verify") {
    results.push({ valid: await verify(job.secret, job.body, job.signature) });
  } else if (job.kind === "shopify-validate") {
    const rawRequest = { method: "POST", url: "/webhooks", headers: Object.fromEntries(job.headers) };
    const result = await shopify(job.secret).webhooks.validate({ rawBody: job.body, rawRequest });
    results.push({ valid: result.valid, reason: result.reason ?? null });
  } else if (job.kind === "linear-verify") {
    const realNow = Date.now;
    Date.now = () => job.now_ms;
    try {
      results.push({ valid: new LinearWebhookClient(job.secret).verify(Buffer.from(job.body), job.signature), error: null });
    } catch (e) {
      results.push({ valid: false, error: e.message });
    } finally {
      Date.now = realNow;
    }
  } else if (job.kind === "discord-verify") {
    results.push({ valid: await verifyKey(job.body, job.signature, job.timestamp, job.public_key) });
  } else {
    throw new Error(`unknown job ${job.kind}`);
  }
}
process.stdout.write(JSON.stringify(results));
