// Assembles the labelled corpus: many small "repositories" of files in ~19 syntaxes, each file
// mostly filler, with real-format credentials (labelled per line) and traps (recorded, not
// labelled) inserted between filler blocks; plus whole-file cases — PEM keys, certificates, GCP
// service-account JSON, AWS credential files, lockfiles, a minified bundle.
import { CREDENTIALS, jwt, password, privateKeyPem } from "./credentials.mjs";
import { FILLER, minifiedChunk } from "./filler.mjs";
import { ALPHA, createRng } from "./rng.mjs";
import { SYNTAXES, SYNTAX_WEIGHTS, wrap } from "./syntaxes.mjs";
import { makeTrap, publicPem, sshPublicKey } from "./traps.mjs";

const PROJECTS = ["atlas", "beacon", "cobalt", "delta", "ember", "fjord", "garnet", "harbor", "iris", "juniper", "kestrel", "lumen", "meridian", "nimbus", "orchid", "prism", "quartz", "raven", "sierra", "tundra"];

function weighted(r, weights) {
  const entries = Object.entries(weights);
  let roll = r.next() * entries.reduce((a, [, w]) => a + w, 0);
  for (const [key, w] of entries) if ((roll -= w) < 0) return key;
  return entries[0][0];
}

const awsId = (r) => `${r.pick(["AKIA", "AKIA", "AKIA", "ASIA"])}${r.chars(16, ALPHA.base32)}`;
const awsSecret = (r) => r.b64(40);

/** Credentials are drawn round-robin from a reshuffled deck, so every provider is well represented. */
function deck(r, entries) {
  let cards = [];
  return () => {
    if (cards.length === 0) cards = r.shuffle(entries);
    return cards.pop();
  };
}

/** A credential placed in a syntax: lines to insert and the labelled line(s) within them. */
function placeCredential(r, entry, syntaxId, syntax) {
  if (entry.kind === "aws") {
    const id = syntax.assign(["aws", "access", "key", "id"], awsId(r), r);
    const secret = syntax.assign(["aws", "secret", "access", "key"], awsSecret(r), r);
    return { lines: [...id.lines, ...secret.lines], labels: [{ at: id.at, provider: "aws" }, { at: id.lines.length + secret.at, provider: "aws" }] };
  }
  if (entry.kind === "pem") {
    if (!syntax.block) return undefined;
    const placed = syntax.block(r.pick(entry.names), privateKeyPem(r));
    return { lines: placed.lines, labels: [{ at: placed.at, provider: entry.provider }] };
  }
  if (entry.kind === "gcp-json") return undefined;
  const value = entry.make(r);
  if (syntax.call && !entry.contextual && entry.kind !== "url" && r.chance(0.15)) {
    return { lines: [syntax.call(value, r)], labels: [{ at: 0, provider: entry.provider }] };
  }
  const placed = syntax.assign(r.pick(entry.names), value, r);
  return { lines: placed.lines, labels: [{ at: placed.at, provider: entry.provider }] };
}

export function generateCorpus({ seed = 42, targetBytes = 24_000_000 } = {}) {
  const r = createRng(seed);
  const files = new Map();
  const labels = [];
  const traps = [];
  let bytes = 0;
  const nextCredential = deck(r, CREDENTIALS);

  const addFile = (path, lines, fileLabels = [], fileTraps = []) => {
    let unique = path;
    for (let n = 2; files.has(unique); n++) unique = path.replace(/(\.[^./]+)?$/, `-${n}$1`);
    const text = lines.join("\n") + "\n";
    files.set(unique, text);
    bytes += Buffer.byteLength(text);
    for (const l of fileLabels) labels.push({ file: unique, line: l.line, provider: l.provider });
    for (const t of fileTraps) traps.push({ file: unique, line: t.line, kind: t.kind });
  };
  const project = () => `projects/${r.pick(PROJECTS)}-${r.int(1, 60)}/`;
  // Whole-file cases are sized for the default 24 MB and scale with the target, so a small corpus
  // is not all lockfile.
  const scaled = (count) => Math.max(1, Math.round((count * targetBytes) / 24_000_000));

  // Whole-file cases.
  for (let i = 0; i < scaled(30); i++) addFile(`${project()}${r.pick(["certs/server.key", ".ssh/id_rsa", "deploy/keys/signing.pem", "config/jwt-private.pem"])}`, privateKeyPem(r), [{ line: 1, provider: "private-key" }]);
  for (let i = 0; i < scaled(30); i++) {
    if (r.chance(0.3)) addFile(`${project()}${r.pick([".ssh/id_rsa.pub", "deploy/authorized_keys"])}`, [sshPublicKey(r)], [], [{ line: 1, kind: "public-key" }]);
    else addFile(`${project()}${r.pick(["certs/ca.crt", "certs/server.crt", "keys/public.pem", "config/jwt-public.pem"])}`, publicPem(r), [], [{ line: 1, kind: "public-key" }]);
  }
  for (let i = 0; i < scaled(15); i++) {
    const key = privateKeyPem(r).filter((l) => !l.startsWith("-----")).join("");
    const lines = ["{", '  "type": "service_account",', `  "project_id": "${r.pick(PROJECTS)}-prod-${r.int(100000, 999999)}",`, `  "private_key_id": "${r.hex(40)}",`,
      `  "private_key": "-----BEGIN PRIVATE KEY-----\\n${key.match(/.{1,64}/g).join("\\n")}\\n-----END PRIVATE KEY-----\\n",`,
      `  "client_email": "deployer@${r.pick(PROJECTS)}-prod.iam.gserviceaccount.com",`, `  "client_id": "${r.digits(21)}",`,
      '  "auth_uri": "https://accounts.google.com/o/oauth2/auth",', '  "token_uri": "https://oauth2.googleapis.com/token",', "}"];
    addFile(`${project()}${r.pick(["gcp/service-account.json", "credentials/gcp-key.json", "deploy/sa.json"])}`, lines, [{ line: 5, provider: "google" }]);
  }
  for (let i = 0; i < scaled(10); i++) {
    const rows = r.int(1, 2);
    const lines = ["User name,Password,Access key ID,Secret access key,Console login link"];
    for (let k = 0; k < rows; k++) lines.push(`${r.pick(["ci-deployer", "terraform", "backup"])},,${awsId(r)},${awsSecret(r)},https://${r.digits(12)}.signin.aws.amazon.com/console`);
    addFile(`${project()}${r.pick(["credentials.csv", "aws/accessKeys.csv"])}`, lines, lines.slice(1).map((_, k) => ({ line: k + 2, provider: "aws" })));
  }
  for (let i = 0; i < scaled(10); i++) {
    addFile(`${project()}.aws/credentials`, ["[default]", `aws_access_key_id = ${awsId(r)}`, `aws_secret_access_key = ${awsSecret(r)}`, `region = ${r.pick(["eu-west-1", "us-east-1"])}`], [{ line: 2, provider: "aws" }, { line: 3, provider: "aws" }]);
  }
  // Lockfiles: thousands of integrity hashes and git SHAs.
  for (let i = 0; i < scaled(8); i++) {
    const lines = ["{", '  "name": "app",', '  "lockfileVersion": 3,', '  "packages": {'];
    const lockTraps = [];
    for (let p = r.int(800, 1500); p > 0; p--) {
      const name = `${r.pick(["@acme/", "", ""])}${r.chars(r.int(3, 10), ALPHA.lower)}`;
      lines.push(`    "node_modules/${name}": {`, `      "version": "${r.int(0, 9)}.${r.int(0, 20)}.${r.int(0, 9)}",`, `      "resolved": "https://registry.npmjs.org/${name}/-/${name}-1.0.0.tgz",`, `      "integrity": "sha512-${r.b64(86)}==",`);
      lockTraps.push({ line: lines.length, kind: "lockfile-integrity" });
      if (r.chance(0.05)) { lines.push(`      "gitHead": "${r.hex(40)}",`); lockTraps.push({ line: lines.length, kind: "git-sha" }); }
      lines.push(`      "license": "MIT"`, "    },");
    }
    lines.push('    "": {}', "  }", "}");
    addFile(`${project()}package-lock.json`, lines, [], lockTraps);
  }
  for (let i = 0; i < scaled(4); i++) {
    const lines = [];
    const lockTraps = [];
    for (let p = r.int(400, 900); p > 0; p--) {
      const name = r.chars(r.int(3, 10), ALPHA.lower);
      lines.push(`${name}@^${r.int(1, 9)}.0.0:`, `  version "${r.int(1, 9)}.${r.int(0, 9)}.${r.int(0, 9)}"`, `  resolved "https://registry.yarnpkg.com/${name}/-/${name}.tgz#${r.hex(40)}"`, `  integrity sha512-${r.b64(86)}==`, "");
      lockTraps.push({ line: lines.length - 2, kind: "lockfile-integrity" });
    }
    addFile(`${project()}yarn.lock`, lines, [], lockTraps);
  }
  for (let i = 0; i < scaled(4); i++) {
    const lines = [];
    for (let p = r.int(300, 700); p > 0; p--) {
      const mod = `github.com/${r.chars(6, ALPHA.lower)}/${r.chars(6, ALPHA.lower)}`;
      lines.push(`${mod} v1.${r.int(0, 20)}.${r.int(0, 9)} h1:${r.b64(43)}=`, `${mod} v1.${r.int(0, 20)}.${r.int(0, 9)}/go.mod h1:${r.b64(43)}=`);
    }
    addFile(`${project()}go.sum`, lines, [], lines.map((_, k) => ({ line: k + 1, kind: "lockfile-integrity" })));
  }
  // A minified bundle: one ~3 MB line, a live key assigned near the end, a placeholder earlier.
  {
    const parts = [];
    const chunks = Math.min(700, scaled(700));
    for (let k = 0; k < chunks; k++) parts.push(minifiedChunk(r));
    parts.splice(Math.floor(chunks * 0.43), 0, 'var cfg={githubToken:"ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}');
    parts.splice(chunks - 10, 0, `var pay={stripeKey:"sk_live_${r.b62(99)}"}`);
    addFile(`${project()}dist/app.min.js`, [parts.join(";")], [{ line: 1, provider: "stripe" }]);
  }

  // Ordinary files until the target size.
  while (bytes < targetBytes) {
    const syntaxId = weighted(r, SYNTAX_WEIGHTS);
    const syntax = SYNTAXES[syntaxId];
    const fixture = r.chance(0.06);
    const path = `${project()}${fixture ? `test/fixtures/${r.pick(["github", "api", "billing"])}/` : ""}${syntax.path(r)}`;
    const target = Math.min(60_000, Math.floor(800 * Math.exp(r.next() * 3.6)));
    const blocks = [];
    let size = 0;
    while (size < target) {
      const block = FILLER[syntaxId](r);
      blocks.push({ lines: block });
      size += block.reduce((a, l) => a + l.length + 1, 0);
    }
    const inserts = [];
    const nCredentials = fixture ? 0 : r.chance(0.4) ? r.int(1, 3) : 0;
    for (let k = 0; k < nCredentials; k++) {
      let placed;
      for (let tries = 0; !placed && tries < 10; tries++) placed = placeCredential(r, nextCredential(), syntaxId, syntax);
      if (placed) inserts.push({ lines: placed.lines, labels: placed.labels, traps: [] });
    }
    const nTraps = fixture ? r.int(1, 4) : r.chance(0.5) ? r.int(1, 3) : 0;
    for (let k = 0; k < nTraps; k++) {
      const trap = makeTrap(r, syntaxId, syntax, { fixture });
      inserts.push({ lines: trap.lines, labels: [], traps: [{ at: trap.at, kind: trap.kind }] });
    }
    for (const insert of inserts) blocks.splice(r.int(0, blocks.length), 0, insert);
    const body = [];
    const fileLabels = [];
    const fileTraps = [];
    for (const block of blocks) {
      for (const l of block.labels ?? []) fileLabels.push({ line: body.length + l.at, provider: l.provider });
      for (const t of block.traps ?? []) fileTraps.push({ line: body.length + t.at, kind: t.kind });
      body.push(...block.lines);
    }
    const framed = wrap(syntaxId, body);
    const shift = (x) => ({ ...x, line: x.line + framed.offset + 1 });
    addFile(path, framed.lines, fileLabels.map(shift), fileTraps.map(shift));
  }
  return { files, labels, traps, bytes };
}
