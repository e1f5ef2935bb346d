import { runDoctor, type DoctorOptions } from "../../doctor/checks.js";
import type { CliIo } from "../program.js";
import { UserError } from "../user-error.js";

const MARK = { ok: "✓", warn: "!", fail: "✗" } as const;

/** `lodestar doctor`: one line per check; exit 1 when any check fails. */
export async function doctorCommand(options: DoctorOptions, io: Pick<CliIo, "out">): Promise<void> {
  const results = await runDoctor(options);
  const width = Math.max(...results.map((r) => r.name.length));
  for (const r of results) io.out(`${MARK[r.status]} ${r.name.padEnd(width)}  ${r.detail}\n`);
  const failed = results.filter((r) => r.status === "fail");
  if (failed.length) throw new UserError(`${failed.length} check${failed.length === 1 ? "" : "s"} failed: ${failed.map((r) => r.name).join(", ")}`, 1);
}
