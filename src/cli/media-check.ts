/**
 * Bitrate checks for a lesson's audio and video. Learners download on paid mobile data and
 * keep courses on small phones: speech needs 24–64 kbps mono, a lesson video well under
 * 1 Mbps. The bundler warns (it does not refuse) above these limits.
 */
export const MAX_AUDIO_KBPS = 96;
export const MAX_VIDEO_KBPS = 1000;

/** The duration of an Ogg Opus or Ogg Vorbis file, from its last page's granule position; null when it is neither. */
export function oggSeconds(bytes: Uint8Array): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = (at: number, length: number): string => String.fromCharCode(...bytes.subarray(at, at + length));
  if (bytes.length < 64 || text(0, 4) !== 'OggS') return null;
  // The first page carries the codec's identification header right after its segment table.
  const headerStart = 27 + bytes[26]!;
  let rate: number;
  if (text(headerStart, 8) === 'OpusHead') rate = 48_000;
  else if (text(headerStart + 1, 6) === 'vorbis') rate = view.getUint32(headerStart + 12, true);
  else return null;
  for (let at = bytes.length - 27; at >= 0; at--) {
    if (bytes[at] !== 0x4f || text(at, 4) !== 'OggS') continue;
    const granule = Number(view.getBigUint64(at + 6, true));
    return rate > 0 && granule > 0 ? granule / rate : null;
  }
  return null;
}

/** A warning for the author when the file is heavier than a phone needs; null when fine or unknown. */
export function mediaBitrateWarning(
  kind: 'audio' | 'video',
  bytes: Uint8Array,
  type: string,
  declaredMinutes: number | undefined,
): string | null {
  const seconds = (type === 'audio/ogg' ? oggSeconds(bytes) : null) ?? (declaredMinutes ? declaredMinutes * 60 : null);
  if (!seconds) return null;
  const kbps = Math.round((bytes.length * 8) / seconds / 1000);
  const limit = kind === 'audio' ? MAX_AUDIO_KBPS : MAX_VIDEO_KBPS;
  if (kbps <= limit) return null;
  return kind === 'audio'
    ? `${kbps} kbps is heavy for a phone on mobile data; speech sounds fine at 24–64 kbps mono (e.g. opusenc ` +
        '--bitrate 24)'
    : `${kbps} kbps is heavy for a phone on mobile data; keep lesson video under ${limit} kbps (e.g. 480p)`;
}
