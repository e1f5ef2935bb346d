import { field, positionalArgs, unparen, type PyNode } from "./syntax-tree.js";

/**
 * What imported names stand for: `import subprocess as sp` makes `sp.run` read as
 * `subprocess.run`, `from os import system` makes `system` read as `os.system`. Bindings are
 * file-wide by name; unbound names stay as written, so `os.system` without an import (or a
 * builtin such as `open`) reads as itself.
 */
export class PyModuleNames {
  private readonly bound = new Map<string, string>();

  constructor(private readonly src: string) {}

  /** Records the names an import statement binds and returns them. */
  collect(node: PyNode): string[] {
    const names: string[] = [];
    const bind = (local: string, qualified: string): void => {
      this.bound.set(local, qualified);
      names.push(local);
    };
    if (node.type === "import_statement") {
      for (const c of node.children) {
        if (c.type === "dotted_name") {
          // `import os.path` binds `os`, and `os.path.join` then reads as written.
          const first = this.text(c).split(".")[0]!.trim();
          bind(first, first);
        } else if (c.type === "aliased_import") {
          const name = field(c, "name");
          const alias = field(c, "alias");
          if (name && alias) bind(this.text(alias), this.dottedText(name));
        }
      }
    } else if (node.type === "import_from_statement") {
      const mod = field(node, "module_name");
      if (!mod) return names;
      const prefix = this.dottedText(mod);
      for (const c of node.children) {
        if (c.field !== "name") continue;
        if (c.type === "dotted_name") {
          const name = this.dottedText(c);
          bind(name, `${prefix}.${name}`);
        } else if (c.type === "aliased_import") {
          const name = field(c, "name");
          const alias = field(c, "alias");
          if (name && alias) bind(this.text(alias), `${prefix}.${this.dottedText(name)}`);
        }
      }
    }
    return names;
  }

  /** True when a name was bound by an import. */
  isImported(name: string): boolean {
    return this.bound.has(name);
  }

  /** The dotted, module-qualified name of an identifier or attribute chain; undefined for anything else. */
  dotted(node: PyNode, depth = 0): string | undefined {
    if (depth > 32) return undefined;
    const n = unparen(node);
    if (n.type === "identifier") {
      const t = this.text(n);
      return this.bound.get(t) ?? t;
    }
    if (n.type === "attribute") {
      const obj = field(n, "object");
      const attr = field(n, "attribute");
      if (!obj || !attr) return undefined;
      const o = this.dotted(obj, depth + 1);
      return o === undefined ? undefined : `${o}.${this.text(attr)}`;
    }
    if (n.type === "call") {
      // __import__("os").system(...)
      const fn = field(n, "function");
      const arg = positionalArgs(n)[0];
      if (fn && arg && this.text(fn) === "__import__" && arg.type === "string") return this.text(arg).replace(/^[rbuRBU]*["']+|["']+$/g, "");
    }
    return undefined;
  }

  private text(n: PyNode): string {
    return this.src.slice(n.start, n.end);
  }

  private dottedText(n: PyNode): string {
    return this.text(n).replace(/\s+/g, "");
  }
}
