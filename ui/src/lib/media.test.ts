import { describe, expect, it } from 'vitest';
import type { Capabilities } from '../bindings/Capabilities';
import { capabilities, en, message, phrase, ru } from './fixtures';
import { canAttach, fileProblem, fromBase64, mediaView, showsInline, toBase64 } from './media';

const at = '2026-01-02T10:00:00Z';
const MB = 1024 * 1024;

const devino: Capabilities = {
  ...capabilities,
  media_types: ['image/jpeg', 'image/png', 'application/pdf', 'video/mp4'],
  media_limits: [
    { mime_prefix: 'image/', max_bytes: 5 * MB },
    { mime_prefix: 'video/', max_bytes: 16 * MB },
    { mime_prefix: '', max_bytes: 100 * MB },
  ],
};

const incoming = (media: Partial<NonNullable<Parameters<typeof message>[2]>['media']> | null) =>
  message('m', at, {
    direction: 'in',
    send_state: null,
    text: '[file] photo.png',
    content: { kind: 'media', url: 'https://files.example/photo.png', mime: 'image/png', name: 'photo.png', caption: null },
    media: media === null ? null : { state: 'ready', mime: 'image/png', size: 2048, name: 'photo.png', note: null, attempts: 1, ...media },
  });

describe('attachments in the composer', () => {
  it('are offered only when the gateway takes media', () => {
    expect(canAttach(devino)).toBe(true);
    expect(canAttach(capabilities)).toBe(false);
    expect(canAttach(null)).toBe(false);
  });

  it('refuses clearly wrong files before uploading them', () => {
    expect(fileProblem({ name: 'a.png', size: 1000, type: 'image/png' }, devino, en)).toBeNull();
    expect(fileProblem({ name: 'a.gif', size: 1000, type: 'image/gif' }, devino, en)).toMatch(/not a kind of file/);
    expect(fileProblem({ name: 'a.png', size: 6 * MB, type: 'image/png' }, devino, en)).toMatch(/up to 5 MB/);
    expect(fileProblem({ name: 'a.png', size: 5.5 * MB, type: 'image/png' }, devino, ru)).toBe(
      'Файл a.png весит 5,5 МБ, а шлюз принимает файлы image/png не больше 5 МБ.',
    );
    expect(fileProblem({ name: 'a.pdf', size: 6 * MB, type: 'application/pdf' }, devino, en)).toBeNull();
    expect(fileProblem({ name: 'x', size: 0, type: '' }, devino, en)).toMatch(/empty/);
    // An unknown browser type is left to the server, which sniffs the bytes.
    expect(fileProblem({ name: 'x.bin', size: 10, type: '' }, devino, en)).toBeNull();
  });
});

describe('mediaView', () => {
  it('shows cached images inline and other files as cards', () => {
    expect(mediaView(incoming({}))).toMatchObject({ kind: 'image', name: 'photo.png', load: true });
    expect(mediaView(incoming({ mime: 'application/pdf', name: 'a.pdf' }))).toMatchObject({ kind: 'card', name: 'a.pdf' });
    expect(showsInline('image/svg+xml')).toBe(false);
  });

  it('shows a failed download with its note and a retry', () => {
    const note = phrase('media.download_too_large', 'The file is larger than 100 MB, so it was not downloaded', {
      max_bytes: String(100 * MB),
    });
    const view = mediaView(incoming({ state: 'failed', note }));
    expect(view).toEqual({ kind: 'failed', name: 'photo.png', note, retry: true });
    expect(view.kind === 'failed' && ru.said(view.note)).toBe('Файл больше 100 МБ, поэтому он не скачан');
    expect(mediaView(incoming({ state: 'failed', note: null }))).toMatchObject({ note: { ui: 'media.downloadFailed' } });
    expect(mediaView(incoming({ state: 'pending', note: null }))).toMatchObject({ kind: 'pending' });
  });

  it('has nothing to show for text', () => {
    expect(mediaView(message('t', at))).toEqual({ kind: 'none' });
  });
});

describe('base64', () => {
  it('round-trips bytes, large ones too', () => {
    const bytes = new Uint8Array(100_000).map((_, i) => (i * 7) % 256);
    expect(fromBase64(toBase64(bytes))).toEqual(bytes);
    expect(toBase64(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toBe('iVBORw==');
  });
});
