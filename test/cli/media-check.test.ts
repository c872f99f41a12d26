import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mediaBitrateWarning, oggSeconds } from '../../src/cli/media-check';
import { Manifest } from '../../src/shared/schema/bundle';
import { manifestFixture } from '../app/builders';

const narration = new Uint8Array(
  readFileSync(resolve(import.meta.dirname, '../../content/etika-berakhlak/audio/nilai-berakhlak.opus')),
);

describe('lesson media checks', () => {
  it('reads the length of an Ogg Opus file, and of nothing else', () => {
    const seconds = oggSeconds(narration)!;
    expect(seconds).toBeGreaterThan(30);
    expect(seconds).toBeLessThan(180);
    expect(oggSeconds(new Uint8Array(100))).toBeNull();
  });

  it('passes speech at a phone-friendly bitrate, warns on heavy audio and video', () => {
    expect(mediaBitrateWarning('audio', narration, 'audio/ogg', undefined)).toBeNull();
    // 4 MB for one minute of audio is 533 kbps.
    expect(mediaBitrateWarning('audio', new Uint8Array(4_000_000), 'audio/mpeg', 1)).toMatch(/533 kbps.*24–64 kbps/);
    expect(mediaBitrateWarning('video', new Uint8Array(30_000_000), 'video/mp4', 2)).toMatch(/2000 kbps/);
    expect(mediaBitrateWarning('video', new Uint8Array(3_000_000), 'video/mp4', 2)).toBeNull();
    // Length unknown (no Ogg header, nothing declared): no guess.
    expect(mediaBitrateWarning('audio', new Uint8Array(9_000_000), 'audio/mpeg', undefined)).toBeNull();
  });

  it("a manifest's lesson audio must be listed and of a format phones play", () => {
    const withAudio = (type: string) =>
      manifestFixture({
        lessons: [
          {
            id: 'satu',
            title: { id: 'Satu', en: 'One' },
            file: 'lessons/satu.json',
            minutes: 5,
            audio: 'audio/satu.ogg',
          },
        ],
        quizzes: [],
        files: [
          { path: 'lessons/satu.json', size: 1, sha256: '0'.repeat(64), type: 'application/json' },
          { path: 'audio/satu.ogg', size: 1, sha256: '1'.repeat(64), type },
        ],
      });
    expect(Manifest.safeParse(withAudio('audio/ogg')).success).toBe(true);
    expect(Manifest.safeParse(withAudio('application/octet-stream')).success).toBe(false);
    const unlisted = withAudio('audio/ogg');
    unlisted.files = unlisted.files.slice(0, 1);
    expect(Manifest.safeParse(unlisted).success).toBe(false);
  });
});
