import { canonicalJson } from '../src/shared/canonical-json';
import { buildBundle, FIXTURE_ANSWERS } from '../test/fixtures/bundles';
import { learnerRecords } from '../test/server/sync-kit';
const bundle = buildBundle({ id: 'bench-course', preTest: true });
const records = learnerRecords({ id: '1bfd74c2-3bdf-420d-bae5-92d4965add17', nip: '1', name: 'x' } as never, bundle);
const s: any[] = []; for (let r = 0; s.length < 500; r++) { const at = new Date(Date.UTC(2026,0,1) + r*60000);
  s.push(...records.attempt('pre-test', FIXTURE_ANSWERS.wrong, { at }), records.experienced('pengantar', at), ...records.feedback({ relevance: 4, difficulty: 3, clarity: 5, usefulness: 4 }, 'Materinya membantu.', { at })); }
const bodies = JSON.parse(JSON.stringify(s.slice(0, 500)));
function U(e: string){let t=e.length;for(let n=e.length-1;n>=0;n--){let s=e.charCodeAt(n);s>127&&s<=2047?t++:s>2047&&s<=65535&&(t+=2),s>=56320&&s<=57343&&n--}return t}
const cols = (b: any) => ({ id: b.id, verb: 'v', activity_id: 'a', course_id: 'c', body_hash: 'h'.repeat(64), timestamp: b.timestamp, duration_ms: null });
const fns: [string, () => void][] = []; const time = (name: string, f: () => void) => fns.push([name, f]);
time('old: stringify size + canonical + stringify rows + U', () => { let n = 0; for (const b of bodies) n += JSON.stringify(b).length; const canon = bodies.map((b: any) => canonicalJson(b)); const str = JSON.stringify(bodies.map((b: any) => ({ ...cols(b), body: b }))); U(str); U(str); n += canon.length; });
time('new: canonical + asRecordset + U', () => { const canon = bodies.map((b: any) => canonicalJson(b)); const str = `[${bodies.map((b: any, i: number) => `${JSON.stringify(cols(b)).slice(0, -1)},"body":${canon[i]}}`).join(',')}]`; U(str); U(str); });
time('canonical only', () => { bodies.map((b: any) => canonicalJson(b)); });
time('U x2 on flat', () => { const str = JSON.stringify(bodies); U(str); U(str); });
time('mid: canonical(size+hash) + stringify rows(objects) + U', () => { const canon = bodies.map((b: any) => canonicalJson(b)); let n = 0; for (const c of canon) n += c.length; const str = JSON.stringify(bodies.map((b: any) => ({ ...cols(b), body: b }))); U(str); U(str); });
time('new+flatten: canonical + asRecordset + flat + U', () => { const canon = bodies.map((b: any) => canonicalJson(b)); let str = `[${bodies.map((b: any, i: number) => `${JSON.stringify(cols(b)).slice(0, -1)},"body":${canon[i]}}`).join(',')}]`; str = Buffer.from(str).toString(); U(str); U(str); });

const best = new Map<string, number>();
for (let round = 0; round < 8; round++) for (const [name, f] of fns) { for (let i = 0; i < 3; i++) f(); const t = performance.now(); for (let i = 0; i < 10; i++) f(); const ms = (performance.now() - t) / 10; best.set(name, Math.min(best.get(name) ?? Infinity, ms)); }
for (const [name, ms] of best) console.log(ms.toFixed(2), name);
