// Media in the thread and the composer: how a file is shown, checked and turned into bytes.
import type { Capabilities } from '../bindings/Capabilities';
import type { Message } from '../bindings/Message';
import type { Said, Translator } from '../i18n';

/** Images a browser shows safely from a blob (never SVG: it can carry script). */
const INLINE_IMAGES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];

export function essence(mime: string | null | undefined): string {
  return (mime ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

export function showsInline(mime: string | null | undefined): boolean {
  return INLINE_IMAGES.includes(essence(mime));
}

/** Whether the composer offers attachments: only when the gateway takes some media. */
export function canAttach(caps: Capabilities | null): boolean {
  return caps !== null && caps.media_types.length > 0;
}

/** The largest file of `mime` the gateway takes; null when it states none. */
export function maxBytesFor(caps: Capabilities, mime: string): number | null {
  const type = essence(mime);
  const limit = caps.media_limits.find((l) => type.startsWith(l.mime_prefix.toLowerCase()));
  return limit ? limit.max_bytes : null;
}

/**
 * A quick check before uploading, from what the browser says about the file. The server sniffs
 * the bytes and has the last word; this only spares uploading what is clearly refused.
 */
export function fileProblem(
  file: { name: string; size: number; type: string },
  caps: Capabilities,
  tr: Translator,
): string | null {
  if (file.size === 0) return tr.t('media.empty', { name: file.name });
  const type = essence(file.type);
  if (type !== '' && !caps.media_types.includes(type)) {
    return tr.t('media.wrongType', { name: file.name, type });
  }
  const max = type === '' ? null : maxBytesFor(caps, type);
  if (max !== null && file.size > max) {
    return tr.t('media.tooBig', { name: file.name, size: tr.size(file.size), type, max: tr.size(max) });
  }
  return null;
}

/** What a media message's bubble shows. */
export type MediaView =
  | { kind: 'none' }
  | { kind: 'pending'; name: string; note: Said | null }
  | { kind: 'failed'; name: string; note: Said; retry: boolean }
  | { kind: 'image' | 'card'; name: string; mime: string | null; size: number | null; load: boolean };

export function mediaView(message: Message): MediaView {
  const content = message.content;
  if (content.kind !== 'media') return { kind: 'none' };
  // Empty when neither says: the bubble then calls it "file" in the reader's language.
  const fallbackName = content.name ?? content.url.split('/').pop() ?? '';
  const media = message.media;
  if (message.direction === 'out' || media === null) {
    // Our own uploads are kept a day; their bytes are asked for, and a card shows if gone.
    const mime = content.mime ?? null;
    return {
      kind: showsInline(mime) ? 'image' : 'card',
      name: fallbackName,
      mime,
      size: null,
      load: message.direction === 'out',
    };
  }
  const name = media.name || fallbackName;
  switch (media.state) {
    case 'pending':
      return { kind: 'pending', name, note: media.note };
    case 'failed':
      return {
        kind: 'failed',
        name,
        note: media.note ?? { ui: 'media.downloadFailed' },
        retry: true,
      };
    case 'ready':
      return { kind: showsInline(media.mime) ? 'image' : 'card', name, mime: media.mime, size: media.size, load: true };
  }
}

/** Base64 of bytes, in slices so a large file does not overflow the call stack. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) {
    binary += String.fromCharCode(...bytes.subarray(i, i + step));
  }
  return btoa(binary);
}

export function fromBase64(data: string): Uint8Array<ArrayBuffer> {
  const binary = atob(data);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
