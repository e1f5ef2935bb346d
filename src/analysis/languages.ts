/**
 * Language by file extension or name. A small first table; the analysis issue replaces it
 * with Linguist's data (extensions, filenames, shebangs). Names follow Linguist.
 */
const byExtension: Record<string, string> = {
  ".ts": "TypeScript", ".tsx": "TSX", ".mts": "TypeScript", ".cts": "TypeScript",
  ".js": "JavaScript", ".mjs": "JavaScript", ".cjs": "JavaScript", ".jsx": "JavaScript",
  ".json": "JSON", ".md": "Markdown", ".markdown": "Markdown",
  ".yml": "YAML", ".yaml": "YAML", ".toml": "TOML", ".xml": "XML",
  ".py": "Python", ".go": "Go", ".rs": "Rust", ".java": "Java", ".kt": "Kotlin",
  ".rb": "Ruby", ".php": "PHP", ".cs": "C#", ".c": "C", ".h": "C", ".cc": "C++", ".cpp": "C++",
  ".hpp": "C++", ".swift": "Swift", ".scala": "Scala", ".sh": "Shell", ".bash": "Shell",
  ".css": "CSS", ".scss": "SCSS", ".html": "HTML", ".htm": "HTML", ".vue": "Vue", ".sql": "SQL",
};

const byName: Record<string, string> = {
  Dockerfile: "Dockerfile",
  Makefile: "Makefile",
  Gemfile: "Ruby",
  Rakefile: "Ruby",
};

/** The language of a path, or null when the table does not know it. */
export function languageOf(filePath: string): string | null {
  const base = filePath.slice(filePath.lastIndexOf("/") + 1);
  const named = byName[base];
  if (named) return named;
  const dot = base.lastIndexOf(".");
  if (dot <= 0) return null;
  return byExtension[base.slice(dot).toLowerCase()] ?? null;
}
