export { collectDependencies } from "./collect-dependencies.js";
export { isDependencyFile, parseDependencyFile } from "./parse-dependency-file.js";
export type { Dependency, DependencyReport, Ecosystem, ManifestProblem } from "./types.js";
