// Scores a tool's findings against the labels. A finding matches the labels on the lines it spans
// (a private key is labelled on its BEGIN line); findings are counted once per distinct span, so a
// tool is not rewarded or punished for reporting one secret under two rules.

export function score(findings, labels, traps) {
  const labelsByFile = new Map();
  for (const l of labels) {
    const list = labelsByFile.get(l.file) ?? [];
    list.push({ ...l, found: false });
    labelsByFile.set(l.file, list);
  }
  const trapAt = new Map(traps.map((t) => [`${t.file}:${t.line}`, t.kind]));
  const spans = new Map();
  for (const f of findings) spans.set(`${f.file}:${f.line}:${f.endLine ?? f.line}`, f);

  let truePositives = 0;
  const falsePositives = {};
  const falseExamples = [];
  for (const f of spans.values()) {
    const end = f.endLine ?? f.line;
    const hit = (labelsByFile.get(f.file) ?? []).filter((l) => l.line >= f.line && l.line <= end);
    if (hit.length) {
      truePositives++;
      for (const l of hit) l.found = true;
      continue;
    }
    let kind = "filler";
    for (let line = f.line; line <= end; line++) kind = trapAt.get(`${f.file}:${line}`) ?? kind;
    falsePositives[kind] = (falsePositives[kind] ?? 0) + 1;
    if (falseExamples.length < 12) falseExamples.push(`${f.file}:${f.line} ${f.rule} (${kind})`);
  }
  const all = [...labelsByFile.values()].flat();
  const perProvider = {};
  for (const l of all) {
    const p = (perProvider[l.provider] ??= { found: 0, total: 0 });
    p.total++;
    if (l.found) p.found++;
  }
  const found = all.filter((l) => l.found).length;
  return {
    findings: spans.size,
    truePositives,
    precision: spans.size ? truePositives / spans.size : 1,
    recall: all.length ? found / all.length : 1,
    found,
    labels: all.length,
    perProvider,
    falsePositives,
    falseExamples,
    recallOver: (providers) => {
      const subset = all.filter((l) => providers.has(l.provider));
      return subset.length ? subset.filter((l) => l.found).length / subset.length : 1;
    },
  };
}
