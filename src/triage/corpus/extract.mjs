// Extracts the labelled alert definitions of src/triage/corpus/*.ndjson from pinned commits of
// public repositories (SOURCES.md lists them with their licences and level mappings). Run from
// the repository root with the repositories mirrored as bare git directories:
//
//   node src/triage/corpus/extract.mjs MIRROR_DIR   (MIRROR_DIR/<owner>+<name>/repo)
//
// Only the minimal fields are kept (title, a trimmed description, the mapped label, the
// ecosystem, the source and the file it came from; Sigma lines keep their author and id as the
// Detection Rule License asks). Output is sorted and capped per source by a hash of the title,
// so the same commits always give the same bytes. Not part of the build: the NDJSON is committed.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { SOURCES } from './sources.mjs';

const mirror = process.argv[2] ?? '/work/.mirror';
const outDir = path.dirname(new URL(import.meta.url).pathname);
const MAX_DESCRIPTION = 300;

/** FNV-1a of the UTF-16 code units, as corpus.ts stableHash. */
function stableHash(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

const clean = (text) =>
  String(text ?? '')
    .replace(/\s+/g, ' ')
    .trim();
const trim = (text) => {
  const t = clean(text);
  return t.length <= MAX_DESCRIPTION ? t : `${t.slice(0, MAX_DESCRIPTION).replace(/\s\S*$/, '')}…`;
};

function* walkFiles(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walkFiles(full);
    else yield full;
  }
}

function parseDocuments(text) {
  try {
    return YAML.parseAllDocuments(text, { uniqueKeys: false, logLevel: 'silent' })
      .filter((d) => d.errors.length === 0)
      .map((d) => d.toJS({ maxAliasCount: -1 }));
  } catch {
    return [];
  }
}

/** Every object with an `alert` name anywhere in the document (rule files, PrometheusRule CRDs, charts). */
function* prometheusRules(node) {
  if (Array.isArray(node)) for (const item of node) yield* prometheusRules(item);
  else if (node && typeof node === 'object') {
    if (typeof node.alert === 'string' && node.labels && typeof node.labels === 'object') yield node;
    else for (const value of Object.values(node)) yield* prometheusRules(value);
  }
}

const READERS = {
  prometheus(doc, source) {
    const out = [];
    for (const rule of prometheusRules(doc)) {
      const a = rule.annotations ?? {};
      // Rules that point at kube-prometheus's runbooks were generated from its mixins: reserved.
      if (/runbooks\.prometheus-operator\.dev|kubernetes-mixin|node-mixin/.test(JSON.stringify(a))) continue;
      const level = rule.labels[source.levelField ?? 'severity'];
      const summary = a.summary ?? a.title ?? '';
      const text = [summary, a.description ?? a.message ?? ''].filter(Boolean).join('. ');
      out.push({ title: rule.alert, description: text, level });
    }
    return out;
  },
  sigma(doc) {
    if (!doc || typeof doc.title !== 'string') return [];
    return [{ title: doc.title, description: doc.description, level: doc.level, author: doc.author, id: doc.id }];
  },
  falco(doc) {
    if (!Array.isArray(doc)) return [];
    return doc
      .filter((item) => item && typeof item.rule === 'string' && typeof item.priority === 'string')
      .map((item) => ({ title: item.rule, description: item.desc, level: item.priority }));
  },
};

const counts = [];
for (const source of SOURCES) {
  const git = path.join(mirror, source.repo.replace('/', '+'), 'repo');
  const commit = execFileSync('git', ['-C', git, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  if (commit !== source.commit) throw new Error(`${source.repo} is at ${commit}, SOURCES pins ${source.commit}`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'soloops-corpus-'));
  const tar = execFileSync('git', ['-C', git, 'archive', commit, ...source.paths], { maxBuffer: 1 << 30 });
  execFileSync('tar', ['-x', '-C', tmp], { input: tar });
  const seen = new Set();
  const lines = [];
  for (const file of walkFiles(tmp)) {
    const relative = path.relative(tmp, file);
    if (!source.include.test(relative) || source.exclude?.test(relative)) continue;
    for (const doc of parseDocuments(fs.readFileSync(file, 'utf8'))) {
      for (const found of READERS[source.kind](doc, source)) {
        const label = source.map[clean(found.level).toLowerCase()];
        const title = clean(found.title);
        const key = title.toLowerCase();
        if (!label || !title || seen.has(key)) continue;
        seen.add(key);
        const line = {
          title,
          description: trim(found.description),
          label,
          ecosystem: source.ecosystem,
          source: source.id,
          path: relative,
        };
        if (source.kind === 'sigma') Object.assign(line, { author: clean(found.author), id: clean(found.id) });
        lines.push(line);
      }
    }
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  lines.sort((a, b) => stableHash(a.title) - stableHash(b.title) || a.title.localeCompare(b.title));
  const kept = lines.slice(0, source.cap ?? Infinity);
  kept.sort((a, b) => a.path.localeCompare(b.path) || a.title.localeCompare(b.title));
  fs.writeFileSync(path.join(outDir, `${source.id}.ndjson`), kept.map((l) => `${JSON.stringify(l)}\n`).join(''));
  const by = (label) => kept.filter((l) => l.label === label).length;
  counts.push(
    `${source.id}: ${kept.length} of ${lines.length} (critical ${by('critical')}, ` +
      `warning ${by('warning')}, info ${by('info')})`,
  );
}
console.log(counts.join('\n'));
