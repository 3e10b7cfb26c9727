// A session's label is what signed in said it was: a browser's User-Agent, or the desktop
// app. Shown as "Chrome on Linux" in the reader's language rather than the raw header.
import type { Translator } from '../i18n';

export interface Device {
  browser: string | null;
  os: string | null;
}

const BROWSERS: [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\//, 'Edge'],
  [/\bOPR\//, 'Opera'],
  [/\bYaBrowser\//, 'Yandex Browser'],
  [/\b(?:Firefox|FxiOS)\//, 'Firefox'],
  [/\b(?:HeadlessChrome|Chrome|Chromium|CriOS)\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
];

const SYSTEMS: [RegExp, string][] = [
  [/\bWindows\b/, 'Windows'],
  [/\b(?:iPhone|iPad|iPod)\b/, 'iOS'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bAndroid\b/, 'Android'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bLinux\b/, 'Linux'],
];

export function deviceOf(label: string): Device {
  const find = (table: [RegExp, string][]) => table.find(([re]) => re.test(label))?.[1] ?? null;
  return { browser: find(BROWSERS), os: find(SYSTEMS) };
}

/** The label the desktop app signs in with. */
export const DESKTOP_LABEL = 'Switchboard desktop';

/** A session's device in words; an unrecognised label is shown as it came. */
export function deviceLabel(label: string, tr: Translator): string {
  const trimmed = label.trim();
  if (trimmed === '') return tr.t('sessions.unknown');
  if (trimmed.toLowerCase().startsWith(DESKTOP_LABEL.toLowerCase())) return tr.t('sessions.desktopApp');
  const { browser, os } = deviceOf(trimmed);
  if (browser && os) return tr.t('sessions.device', { browser, os });
  return browser ?? os ?? trimmed;
}
