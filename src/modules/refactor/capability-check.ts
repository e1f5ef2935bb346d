/**
 * What a simplification never needs to add: imports, processes, network, dynamic code, the
 * environment, file writes, secrets. A variant that brings in more of any of these than the
 * file had is rejected before it runs anywhere (FAULTS 14, 23): the sandbox contains what runs,
 * and this keeps such code out of a proposal in the first place. Counted per pattern over the
 * whole file, so moving an existing call around is fine and adding one is not. Pure.
 */
import { scanTextForSecrets } from "../security/secrets/index.js";

const CAPABILITIES: readonly { name: string; pattern: RegExp }[] = [
  // JS/TS import and require, Python/Java/Go import and from-import, C# using, Ruby require.
  { name: "an import", pattern: /\bimport\s*\(|^\s*import\b|^\s*from\s+\S+\s+import\b|\brequire(?:_relative)?\s*[\s(]\s*["'`]|^\s*using\s+[\w.]+\s*;/gm },
  { name: "a process", pattern: /\bchild_process\b|(?<![.\w])exec(?:Sync|File|FileSync)?\s*\(|\.exec(?:Sync|File|FileSync)\s*\(|\bspawn(?:Sync)?\s*\(|\bsubprocess\b|\bos\.(?:system|popen|exec\w*)\b|\bRuntime\.getRuntime\b|\bProcess\.Start\b|\bCommand::new\b|\bexec\.Command\b|\bsystem\s*\(|%x\{/g },
  { name: "network access", pattern: /\bfetch\s*\(|\bhttps?\.(?:get|request)\b|\bXMLHttpRequest\b|\bWebSocket\b|\bnet\.(?:connect|createConnection|Dial)\b|\burllib\b|\brequests\.\w+\s*\(|\bsocket\b|\bcurl\b|\bwget\b|\bhttp\.(?:Get|Post|NewRequest)\b|\bHttpClient\b|\bNet::HTTP\b/g },
  { name: "dynamic code", pattern: /\beval\s*\(|\bnew\s+Function\s*\(|\bFunction\s*\(\s*["'`]|(?<![.\w])compile\s*\(|\b__import__\s*\(|\binstance_eval\b|\bclass_eval\b/g },
  { name: "the environment", pattern: /\bprocess\.env\b|\bos\.environ\b|\bos\.getenv\b|\bos\.Getenv\b|\bSystem\.getenv\b|\bEnvironment\.GetEnvironmentVariable\b|\bENV\s*\[|\bstd::env\b|\benv::var\b/g },
  { name: "file writes", pattern: /\b(?:writeFile|appendFile|unlink|rmdir|rmSync|rm|createWriteStream|chmod|rename)(?:Sync)?\s*\(|\bshutil\.\w+|\bos\.(?:remove|unlink|rmdir|rename)\b|\bFile\.(?:Delete|WriteAll\w*)\b|\bos\.(?:Remove|RemoveAll|WriteFile)\b|\bfs::(?:remove\w*|write)\b|\bFileUtils\.rm\w*/g },
  { name: "a home folder or key path", pattern: /~\/|\.ssh\b|\/etc\/passwd|\bhomedir\s*\(|\bexpanduser\b/g },
];

// RegExp#exec and re.compile are ordinary code: only bare `exec(`/`compile(` calls and the *Sync/File forms count.
const occurrences = (text: string, pattern: RegExp): number => text.match(pattern)?.length ?? 0;

/** The capabilities `after` has more of than `before` ("a process", "network access", "a secret"…); empty when none. */
export function addedCapabilities(filePath: string, before: string, after: string): string[] {
  const added = CAPABILITIES.filter(({ pattern }) => occurrences(after, pattern) > occurrences(before, pattern)).map((c) => c.name);
  if (scanTextForSecrets(filePath, after).length > scanTextForSecrets(filePath, before).length) added.push("a secret");
  return added;
}
