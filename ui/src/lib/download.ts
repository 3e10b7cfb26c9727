// Saving a file the UI wrote (an export's CSV, lib/exportTable.ts) in the browser: a Blob with
// its type, a link with its name, clicked once.

/** A file to save: its name, type and text. */
export interface SaveFile {
  name: string;
  mime: string;
  /** The text (CSV: UTF-8 with a byte-order mark, so spreadsheets read Cyrillic right). */
  text: string;
}

/** The type to give the Blob: text types say their charset (UTF-8, as lib/csv.ts writes). */
export function blobType(mime: string): string {
  const type = mime.trim() === '' ? 'application/octet-stream' : mime.trim();
  return /^text\//i.test(type) && !/charset=/i.test(type) ? `${type};charset=utf-8` : type;
}

/**
 * A name safe to save under: no folders, no characters file systems refuse, not empty
 * (`fallback` then). The name is kept as it is otherwise (Cyrillic included).
 */
export function fileName(name: string, fallback = 'export.csv'): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[\u0000-\u001f<>:"|?*]/g, '_').trim().replace(/^\.+/, '');
  return cleaned === '' ? fallback : cleaned.slice(0, 200);
}

export function blobOf(file: SaveFile): Blob {
  return new Blob([file.text], { type: blobType(file.mime) });
}

/** What saving needs from the page (the browser's, or a test's stand-in). */
export interface Saver {
  createObjectURL(blob: Blob): string;
  revokeObjectURL(url: string): void;
  click(url: string, name: string): void;
}

export const browserSaver: Saver = {
  createObjectURL: (blob) => URL.createObjectURL(blob),
  revokeObjectURL: (url) => URL.revokeObjectURL(url),
  click(url, name) {
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    link.rel = 'noopener';
    link.style.display = 'none';
    document.body.append(link);
    link.click();
    link.remove();
  },
};

/** Saves the file; the object URL is let go once the browser has taken it. */
export function download(file: SaveFile, saver: Saver = browserSaver, fallback?: string): string {
  const name = fileName(file.name, fallback);
  const url = saver.createObjectURL(blobOf(file));
  try {
    saver.click(url, name);
  } finally {
    setTimeout(() => saver.revokeObjectURL(url), 1000);
  }
  return name;
}
