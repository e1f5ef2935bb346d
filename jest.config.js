/**
 * Jest runs our ESM TypeScript through @swc/jest (ts-jest does not support TypeScript 7,
 * and Probot 14 / octokit / @actions/core are ESM-only, so Jest runs in native ESM mode:
 * `node --experimental-vm-modules`). Type checking is `tsc --noEmit` in `npm test`.
 */
export default {
  testEnvironment: "node",
  extensionsToTreatAsEsm: [".ts"],
  transform: {
    "^.+\\.ts$": [
      "@swc/jest",
      {
        jsc: { parser: { syntax: "typescript" }, target: "es2022" },
        module: { type: "es6" },
        sourceMaps: "inline",
      },
    ],
  },
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  testMatch: ["<rootDir>/test/**/*.test.ts"],
  setupFilesAfterEnv: ["<rootDir>/test/setup/after-env.ts"],
  testTimeout: 60000,
  maxWorkers: 2,
};
