// The routing bench's workload: a seeded, reproducible list of verifiable tasks of mixed
// difficulty, in families of similar problems (the same kind of change to different code), as a
// repository's nightly cycles produce them. Each task knows its right answer, so a verifier can
// check any model's answer exactly, and the fake models can decide how they answer it.

/** mulberry32: small, seeded, good enough for a workload. Returns floats in [0, 1). */
export function rng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform draw in [0, 1) that depends only on (seed, key, salt): the fakes' per-task dice. */
export function dice(seed, key, salt) {
  let h = 2166136261 ^ seed;
  for (const ch of `${salt}:${key}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return rng(h >>> 0)();
}

const SYLLABLES = ["ba", "ko", "ri", "mu", "te", "lan", "zo", "pi", "ver", "shi", "dal", "ne", "gor", "fa", "qui", "tol", "ex", "um", "sar", "wen", "ju", "ly", "cas", "dro"];

/** A pronounceable made-up word: family vocabularies must not overlap, and real words would. */
function word(next, syllables = 3) {
  let w = "";
  for (let i = 0; i < syllables; i++) w += SYLLABLES[Math.floor(next() * SYLLABLES.length)];
  return w;
}

export const KINDS = ["fix", "tests", "refactor", "triage"];

/** Share of each difficulty, and what it means for the task's size. */
export const DIFFICULTIES = [
  { name: "easy", share: 0.5, files: 1, fileChars: 1500, answerChars: 600 },
  { name: "medium", share: 0.3, files: 2, fileChars: 2500, answerChars: 1200 },
  { name: "hard", share: 0.17, files: 4, fileChars: 3000, answerChars: 2400 },
  // Touches many files: complexity is over the threshold, so it always goes to the cloud.
  { name: "sprawling", share: 0.03, files: 20, fileChars: 1000, answerChars: 3000 },
];

function pickDifficulty(x) {
  let acc = 0;
  for (const d of DIFFICULTIES) {
    acc += d.share;
    if (x < acc) return d;
  }
  return DIFFICULTIES[DIFFICULTIES.length - 1];
}

/** Deterministic filler of `chars` characters: code-like lines built from the given names. */
function filler(next, names, chars) {
  const lines = [];
  let size = 0;
  while (size < chars) {
    const a = names[Math.floor(next() * names.length)];
    const b = word(next, 2);
    const line = `export function ${a}${lines.length}(${b}: number) { return ${b} * ${Math.floor(next() * 97)}; }`;
    lines.push(line);
    size += line.length + 1;
  }
  return `${lines.join("\n")}\n`;
}

/**
 * The workload: `tasks` tasks in `families` families, spread over the task kinds. Each task:
 * { id, kind, family, difficulty, problem, context, expected }.
 */
export function buildWorkload({ seed = 42, tasks = 500, families = 25 } = {}) {
  const next = rng(seed);
  const fams = [];
  for (let f = 0; f < families; f++) {
    fams.push({ index: f, kind: KINDS[f % KINDS.length], verb: word(next, 2), vocabulary: Array.from({ length: 8 }, () => word(next, 3)) });
  }
  const list = [];
  for (let i = 0; i < tasks; i++) {
    // Families come round in a shuffled order, so each family's first task is spread over the run.
    const fam = fams[Math.floor(next() * families)];
    const difficulty = pickDifficulty(next());
    const id = `T${String(i).padStart(4, "0")}`;
    const [w0, w1, w2, w3, w4, w5, w6, w7] = fam.vocabulary;
    const module = word(next, 2);
    const ident = word(next, 3);
    const other = word(next, 3);
    const file = `src/${module}/${ident}.ts`;
    const problem = `Task ${id}: ${fam.verb} the ${w0} ${w1} in ${file} so the ${w2} ${w3} keeps ${w4} ${w5} when ${other} ${w6} ${w7}.`;
    const context = [];
    for (let k = 0; k < difficulty.files; k++) {
      const path = k === 0 ? file : `src/${module}/${word(next, 2)}${k}.ts`;
      context.push({ path, content: filler(next, [ident, other, w0, w2], difficulty.fileChars) });
    }
    const expected = `--- a/${file}\n+++ b/${file}\n${filler(next, [ident, w1, w3], difficulty.answerChars)
      .split("\n")
      .filter(Boolean)
      .map((l) => `+${l}`)
      .join("\n")}\n`;
    list.push({ id, kind: fam.kind, family: fam.index, difficulty: difficulty.name, problem, context, expected });
  }
  return list;
}

/** The first line that changes between the right answer and a wrong one. */
export function wrongAnswer(task) {
  return task.expected.replace(/\* (\d+);/, (_m, n) => `* ${Number(n) + 1};`);
}
