import { describe, expect, it } from "@jest/globals";
import { generateKeyPairSync } from "node:crypto";
import { scanTextForSecrets } from "../../../../src/modules/security/secrets/index.js";
import { b64, hex, opensshPrivateKey, pemPrivateKey, pemPublicKey } from "./tokens.js";

describe("private keys", () => {
  it.each([["EC (SEC1)", "ec"], ["Ed25519 (PKCS#8)", "ed25519"], ["RSA (PKCS#1)", "rsa-pkcs1"]] as const)("reports a real %s key, spanning BEGIN to END", (_name, type) => {
    const pem = pemPrivateKey(type);
    const text = `# deploy key\n${pem}`;
    const [finding, ...rest] = scanTextForSecrets("deploy/key.pem", text);
    expect(rest).toEqual([]);
    expect(finding?.ruleId).toBe("secret/private-key");
    expect(finding?.line).toBe(2);
    expect(finding?.endLine).toBe(pem.trimEnd().split("\n").length + 1);
    for (const line of pem.split("\n").filter((l) => !l.startsWith("-----") && l.length > 8)) {
      expect(JSON.stringify(finding)).not.toContain(line.slice(0, 12));
    }
  });

  it("reports an OpenSSH private key", () => {
    expect(scanTextForSecrets(".ssh/id_ed25519", opensshPrivateKey()).map((f) => f.ruleId)).toEqual(["secret/private-key"]);
  });

  it("reports a PGP private key block", () => {
    const block = `-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBGYm${b64(60)}\n${b64(64)}\n${b64(64)}\n=${b64(4)}\n-----END PGP PRIVATE KEY BLOCK-----\n`;
    expect(scanTextForSecrets("keys/signing.asc", block).map((f) => f.ruleId)).toEqual(["secret/private-key"]);
  });

  it("reports a passphrase-protected key with medium confidence", () => {
    const { privateKey } = generateKeyPairSync("ec", {
      namedCurve: "P-256",
      privateKeyEncoding: { type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "correct horse" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    const found = scanTextForSecrets("tls/server.key", privateKey);
    expect(found.map((f) => [f.ruleId, f.confidence])).toEqual([["secret/encrypted-private-key", "medium"]]);
  });

  it("reports a key embedded with \\n escapes in a Google service-account JSON as a GCP key", () => {
    const pem = pemPrivateKey("ed25519");
    const json = JSON.stringify({ type: "service_account", project_id: "shop-prod", private_key_id: hex(40), private_key: pem, client_email: "ci@shop-prod.iam.gserviceaccount.com" }, null, 2);
    const found = scanTextForSecrets("gcp/sa.json", json);
    expect(found.map((f) => [f.ruleId, f.provider, f.line])).toEqual([["secret/gcp-service-account-key", "google", 5]]);
  });

  it("reports a key in a YAML block scalar and in a code string", () => {
    const pem = pemPrivateKey("ec");
    const yaml = `tls:\n  key: |\n${pem.split("\n").map((l) => `    ${l}`).join("\n")}\n`;
    expect(scanTextForSecrets("values.yaml", yaml).map((f) => [f.ruleId, f.line])).toEqual([["secret/private-key", 3]]);
    const code = `const KEY = ${JSON.stringify(pem)};\n`;
    expect(scanTextForSecrets("sign.js", code).map((f) => [f.ruleId, f.line])).toEqual([["secret/private-key", 1]]);
  });

  it("reports a truncated key (a cut-off paste is still a leak)", () => {
    const pem = pemPrivateKey("rsa-pkcs1");
    const cut = pem.slice(0, Math.floor(pem.length / 2));
    expect(scanTextForSecrets("notes.txt", cut).map((f) => f.ruleId)).toEqual(["secret/private-key"]);
  });

  it("reports a PuTTY private key", () => {
    const ppk = `PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\nComment: deploy\nPublic-Lines: 2\n${b64(64)}\n${b64(20)}\nPrivate-Lines: 3\n${b64(64)}\n${b64(64)}\n${b64(40)}\nPrivate-MAC: ${hex(40)}\n`;
    expect(scanTextForSecrets("deploy.ppk", ppk).map((f) => [f.ruleId, f.line])).toEqual([["secret/putty-private-key", 1]]);
  });

  it("does not report public keys, certificates, or key headers and placeholders in docs and code", () => {
    expect(scanTextForSecrets("pub.pem", pemPublicKey())).toEqual([]);
    expect(scanTextForSecrets("ca.crt", `-----BEGIN CERTIFICATE-----\n${b64(64)}\n${b64(64)}\n-----END CERTIFICATE-----\n`)).toEqual([]);
    expect(scanTextForSecrets("docs/keys.md", "```\n-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\n```\n")).toEqual([]);
    expect(scanTextForSecrets("docs/keys.md", "-----BEGIN PRIVATE KEY-----\n<your key here>\n-----END PRIVATE KEY-----\n")).toEqual([]);
    expect(scanTextForSecrets("pem.py", `if line == "-----BEGIN OPENSSH PRIVATE KEY-----":\n    in_key = True\n`)).toEqual([]);
  });
});
