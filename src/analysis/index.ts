export { analyzeListing } from "./analyze.js";
export { languageOf } from "./languages.js";
export { listLocalFiles } from "./list-local-files.js";
export { listTreeFiles } from "./list-tree-files.js";
export type { Analysis, FileListing, LanguageStats, ListedFile } from "./types.js";
