/**
 * Issue 15.6: a lesson file served from storage (streamed, its gzip copy made once at upload)
 * against the cheapest answer the server gives (an unknown API route, 404), and the cached
 * catalog against the same baseline. Requests per second over loopback, 16 at a time, measured
 * in the same run so the ratio means something on a noisy machine. Target: file ≥ 0.5 × 404.
 */
import { buildCourseBundle } from '../../src/cli/build-bundle';
import { api } from '../../src/shared/protocol';
import { startLoopbackServer } from './loopback-server';
import { judge, machineState } from './machine';

const CONCURRENCY = 16;
const SECONDS = 3;

export interface FileServingResult {
  what: string;
  requestsPerSecond: number;
  ratioTo404: number;
  target: string;
  met: string;
  machine: string;
}

async function rate(url: string, headers: Record<string, string>): Promise<number> {
  const until = performance.now() + SECONDS * 1000;
  let done = 0;
  const worker = async () => {
    while (performance.now() < until) {
      const response = await fetch(url, { headers });
      await response.arrayBuffer();
      done++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return done / SECONDS;
}

export async function benchFileServing(): Promise<FileServingResult[]> {
  const server = await startLoopbackServer();
  try {
    const { bundle } = await buildCourseBundle('content/etika-berakhlak');
    if (!bundle) throw new Error('content/etika-berakhlak did not build');
    await server.publish(bundle.zip);
    const { token } = await server.loginLearner();
    const lesson = bundle.manifest.files.find((file) => file.path === bundle.manifest.lessons[0]!.file)!;
    const gzip = { 'accept-encoding': 'gzip' };
    const baseline = await rate(`${server.url}/api/no-such-route`, gzip);
    const file = await rate(`${server.url}${api.file(lesson.sha256)}`, gzip);
    const catalog = await rate(`${server.url}${api.courses}`, { ...gzip, authorization: `Bearer ${token}` });
    const row = (what: string, perSecond: number, target: number | null): FileServingResult => ({
      what,
      requestsPerSecond: Math.round(perSecond),
      ratioTo404: Number((perSecond / baseline).toFixed(2)),
      target: target === null ? '' : `≥ ${target}`,
      met:
        target === null
          ? ''
          : judge(`${what} vs 404`, (perSecond / baseline).toFixed(2), `≥ ${target}`, perSecond / baseline >= target),
      machine: machineState(),
    });
    return [
      row('404 baseline (unknown API route)', baseline, null),
      row(`lesson file ${lesson.size} B, gzipped at upload`, file, 0.5),
      row('catalog (cached until a publish)', catalog, null),
    ];
  } finally {
    await server.close();
  }
}
