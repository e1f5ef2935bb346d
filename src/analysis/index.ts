export { addToLanguages, analyzeListing } from "./analyze.js";
export { analyzeRepository, ANALYSIS_DEFAULTS, METRIC_LANGUAGES, type AnalyzeOptions } from "./analyze-repository.js";
export { formatAnalysisText, toAnalysisReport } from "./report.js";
export { languageOf } from "./languages.js";
export { listLocalFiles } from "./list-local-files.js";
export { listTreeFiles } from "./list-tree-files.js";
export type { FileListing, ListedFile } from "./types.js";
export type { Analysis, AnalyzedFile, CoverageSource, LanguageStats, TestsInfo } from "./analysis-types.js";
