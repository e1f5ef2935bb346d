import { runCli } from "./program.js";

/** Entry point of the `lodestar` bin. */
const code = await runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
});
// `serve` keeps the process alive through its server; every other command ends here.
if (code !== 0 || process.argv[2] !== "serve") process.exitCode = code;
