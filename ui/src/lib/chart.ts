// Loading the chart library. uPlot formats numbers with the system's language as its module
// loads (`new Intl.NumberFormat(navigator.language)`); a system language that is no language
// tag — WebKitGTK says "C" under LANG=C, as on a server or a bare session — throws there, and
// as a static import it took the whole app down with it. So it is loaded with the first
// chart, after making sure the language it reads is one Intl takes.
import type uPlot from 'uplot';

/** Whether Intl takes `tag` as a language tag. */
export function isLanguageTag(tag: string | undefined): boolean {
  if (!tag) return false;
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

/** uPlot, loaded once. */
export async function loadUPlot(nav: Navigator = navigator): Promise<typeof uPlot> {
  if (!isLanguageTag(nav.language)) {
    // Shadows the getter on this navigator only; the chart's own numbers are formatted with
    // the reader's language anyway (ReportChart's axis and legend values).
    Object.defineProperty(nav, 'language', { value: 'en-US', configurable: true });
  }
  return (await import('uplot')).default;
}
